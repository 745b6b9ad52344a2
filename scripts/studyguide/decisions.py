"""Decision points: where a derived number flips a design decision.

A derived row may carry thresholds ("above 10K writes/s one SQL primary is not
enough"). For each, the page shows which side today's inputs are on and the
value of one input at which the decision flips, holding the others fixed. The
flip point is found by bisection on a log scale over that input, the same
search practice mode runs in the browser, so both print the same figure.

The search evaluates the formulas on plain floats in SI base units (as the browser
does), not on pint quantities: units only scale a formula's result, so the row's
unit is worked out once with pint and each of the search's hundred steps is a few
float operations.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pint

from .estimate import Row, Tree, evaluate, refs
from .units import format_value, parse_display, parse_number, parse_unit, registry, settle

SEARCH = (1e-6, 1e6)  # the input is scaled by a factor within this range
STEPS = 100


@dataclass(frozen=True)
class Decision:
    row: Row
    at: str          # the threshold, formatted like the row
    above: str
    below: str
    is_above: bool
    input: Row | None
    flip: str        # the input value at which the decision flips, or '' when it never does
    at_value: float = 0.0  # the threshold as a number in the row's display unit (practice mode re-checks it live)


def input_values(estimation: Any) -> dict[str, pint.Quantity]:
    """Each input as a pint quantity, by id."""
    return {i.id: parse_number(i.value) * parse_unit(i.unit) for i in estimation.inputs}


def value_of(target: Row, rows: list[Row], inputs: dict[str, pint.Quantity]) -> float:
    """The target row's magnitude in its display unit, from these input values (with pint)."""
    return float(row_values(_needed(target, rows), inputs)[target.id].to(parse_display(target.unit).unit).magnitude)


def _depends(row: Row, rows: list[Row]) -> list[str]:
    """Inputs the row depends on, in the order the formulas name them."""
    trees = {r.id: r.tree for r in rows if r.tree is not None}
    seen: list[str] = []

    def walk(ident: str) -> None:
        tree = trees.get(ident)
        if tree is None:
            if ident not in seen:
                seen.append(ident)
            return
        for name in refs(tree):
            walk(name)

    walk(row.id)
    return seen


def _needed(row: Row, rows: list[Row]) -> list[Row]:
    """The derived rows `row` is computed from, itself included, in evaluation order."""
    trees = {r.id: r.tree for r in rows if r.derived and r.tree is not None}
    wanted: set[str] = set()
    stack = [row.id]
    while stack:
        ident = stack.pop()
        if ident in trees and ident not in wanted:
            wanted.add(ident)
            stack += refs(trees[ident])
    return [r for r in rows if r.id in wanted]


def _unit_in_base(unit: str) -> float:
    return float(registry().Quantity(1, parse_unit(unit)).to_base_units().magnitude)


def _in_base(tree: Tree, values: dict[str, float]) -> float:
    """`evaluate`'s arithmetic on magnitudes in SI base units (checks were made when the page was computed)."""
    if "num" in tree:
        return float(tree["num"])
    if "ref" in tree:
        return values[tree["ref"]]
    if "unit" in tree:
        return _unit_in_base(tree["unit"])
    args = [_in_base(arg, values) for arg in tree["args"]]
    op = tree["op"]
    if op == "neg":
        return -args[0]
    if op == "ceil":
        return float(math.ceil(settle(args[0])))
    left, right = args
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        return left / right
    result = left ** right
    return math.nan if isinstance(result, complex) else result


def _float_row(row: Row, rows: list[Row], inputs: dict[str, pint.Quantity]) -> Callable[[dict[str, float]], float]:
    """The row's value in its display unit as a function of input magnitudes in base units."""
    result = row_values(rows, inputs)[row.id]
    scale = float(registry().Quantity(1, result.to_base_units().units).to(parse_display(row.unit).unit).magnitude)

    def value(base: dict[str, float]) -> float:
        values = dict(base)
        for r in rows:
            if r.tree is not None:
                values[r.id] = _in_base(r.tree, values)
        return values[row.id] * scale

    return value


def row_values(rows: list[Row], inputs: dict[str, pint.Quantity]) -> dict[str, pint.Quantity]:
    """Every row's value as a pint quantity, by id: the inputs, then each derived row in order."""
    values = dict(inputs)
    for r in rows:
        if r.derived and r.tree is not None:
            values[r.id] = evaluate(r.tree, values)
    return values


def flip_point(row: Row, rows: list[Row], inputs: dict[str, pint.Quantity], name: str, at: float) -> float | None:
    """The value of input `name` at which `row` equals `at`, or None when it never crosses within the search range."""
    base = inputs[name]
    rows = _needed(row, rows)  # each step of the search evaluates only what the row depends on
    value = _float_row(row, rows, inputs)
    magnitudes = {ident: float(q.to_base_units().magnitude) for ident, q in inputs.items()}

    def gap(factor: float) -> float:
        try:
            return value({**magnitudes, name: magnitudes[name] * factor}) - at
        except (ZeroDivisionError, OverflowError, ValueError):
            return math.nan

    low, high = (math.log(f) for f in SEARCH)
    g_low, g_high = gap(math.exp(low)), gap(math.exp(high))
    if not (math.isfinite(g_low) and math.isfinite(g_high)) or (g_low > 0) == (g_high > 0):
        return None
    for _ in range(STEPS):
        mid = (low + high) / 2
        g_mid = gap(math.exp(mid))
        if not math.isfinite(g_mid):
            return None
        if (g_mid > 0) == (g_low > 0):
            low, g_low = mid, g_mid
        else:
            high = mid
    return float(base.magnitude) * math.exp((low + high) / 2)


def decisions(problem: Any, rows: list[Row]) -> list[Decision]:
    """Every threshold of every derived row, evaluated at today's inputs."""
    inputs = input_values(problem.estimation)
    values = row_values(rows, inputs)  # every row once, with pint; the searches then run on floats
    by_id = {r.id: r for r in rows}
    out = []
    for item in problem.estimation.derived:
        row = by_id.get(item.id)
        if row is None or not item.thresholds:
            continue
        display = parse_display(item.unit)
        current = float(values[row.id].to(display.unit).magnitude)
        for threshold in item.thresholds:
            at = parse_number(threshold.at)
            name = threshold.input or next(iter(_depends(row, rows)), "")
            source = by_id.get(name)
            flip = flip_point(row, rows, inputs, name, at) if source is not None else None
            shown = as_input(flip, source.unit) if flip is not None and source else ""
            out.append(Decision(row, format_value(at, display), threshold.above, threshold.below,
                                settle(current) >= at, source, shown, at))
    return out


def as_input(value: float, unit: str) -> str:
    """A value written the way inputs are: '290M', '2.88B/day', '12 KB'."""
    number = format_value(value, parse_display(""))
    unit = unit.strip()
    return f"{number}{unit}" if unit.startswith("/") or not unit else f"{number} {unit}"
