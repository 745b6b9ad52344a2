"""Stage 3a: the estimate engine.

Formulas are parsed (never `eval`ed) into a JSON expression tree:

    {"num": 5.0}                       a number
    {"ref": "dau"}                     another estimate
    {"unit": "day", "si": 86400.0, "dims": {"[time]": 1}}
    {"op": "*", "args": [a, b]}        + - * / ^, "neg", and "ceil" (round a count up)

The tree is plain JSON on purpose: unit literals carry their SI factor and
dimensions, so a small JavaScript evaluator can walk the same tree and agree
with Python. Evaluation uses pint, so adding bytes to seconds is an error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pint

from .errors import Path, did_you_mean
from .units import UnitError, format_interview, format_value, parse_display, parse_number, parse_unit, registry, settle

Tree = dict[str, Any]
FUNCTIONS = {"ceil"}  # round a count up: ceil(peak_qps / per_server_qps) servers

_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?[KMBT]?(?![A-Za-z0-9_]))"
    r"|(?P<name>[A-Za-z_µ][A-Za-z0-9_]*)|(?P<op>[-+*/^()]))"
)


class FormulaError(ValueError):
    """A formula problem; `offset` is the character where it was found."""

    def __init__(self, message: str, offset: int = 0, code: str = "SDG303"):
        super().__init__(message)
        self.offset = offset
        self.code = code


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int


def tokenize(formula: str) -> list[Token]:
    tokens, pos = [], 0
    while pos < len(formula):
        if formula[pos:].strip() == "":
            break
        match = _TOKEN.match(formula, pos)
        if not match or match.end() == pos:
            bad = formula[pos:].lstrip()
            offset = len(formula) - len(bad)
            glued = re.match(r"[\d.]+[A-Za-z_]+", bad)
            if glued:
                raise FormulaError(f"cannot read '{glued.group()}': put a space between a number and its unit (5 KB), "
                                   "or use a bare K, M, B or T suffix (5K)", offset)
            raise FormulaError(f"unexpected '{bad[0]}' in formula", offset)
        kind = match.lastgroup or ""
        tokens.append(Token(kind, match.group(kind), match.start(kind)))
        pos = match.end()
    return tokens


class _Parser:
    """Recursive descent: expr := term (+|- term)*; term := unary (*|/ unary)*;
    unary := - unary | power; power := primary (^ number)?;
    primary := number [unit] | ceil ( expr ) | name | ( expr )."""

    def __init__(self, formula: str, ids: set[str]):
        self.formula, self.ids = formula, ids
        self.tokens = tokenize(formula)
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise FormulaError("formula ends too early", len(self.formula))
        self.pos += 1
        return token

    def parse(self) -> Tree:
        if not self.tokens:
            raise FormulaError("formula is empty")
        tree = self.expr()
        if (token := self.peek()) is not None:
            raise FormulaError(f"unexpected '{token.text}' in formula", token.offset)
        return tree

    def binary(self, ops: str, operand: Any) -> Tree:
        tree = operand()
        while (token := self.peek()) is not None and token.kind == "op" and token.text in ops:
            self.take()
            tree = {"op": token.text, "args": [tree, operand()]}
        return tree

    def expr(self) -> Tree:
        return self.binary("+-", self.term)

    def term(self) -> Tree:
        return self.binary("*/", self.unary)

    def unary(self) -> Tree:
        token = self.peek()
        if token is not None and token.text == "-":
            self.take()
            return {"op": "neg", "args": [self.unary()]}
        return self.power()

    def power(self) -> Tree:
        base = self.primary()
        token = self.peek()
        if token is None or token.text != "^":
            return base
        self.take()
        negative = self.peek() is not None and self.peek().text == "-"  # type: ignore[union-attr]
        if negative:
            self.take()
        exponent = self.take()
        if exponent.kind != "num":
            raise FormulaError("an exponent must be a plain number, e.g. 62^7", exponent.offset)
        value = self.number(exponent)
        return {"op": "^", "args": [base, {"num": -value if negative else value}]}

    def primary(self) -> Tree:
        token = self.take()
        if token.kind == "num":
            node: Tree = {"num": self.number(token)}
            after = self.peek()
            if after is not None and after.kind == "name" and after.text not in self.ids:
                self.take()
                return {"op": "*", "args": [node, self.unit(after)]}
            return node
        if token.kind == "name":
            after = self.peek()
            if token.text in FUNCTIONS and token.text not in self.ids and after is not None and after.text == "(":
                self.take()
                return {"op": token.text, "args": [self.closed()]}
            return {"ref": token.text} if token.text in self.ids else self.unit(token)
        if token.text == "(":
            return self.closed()
        raise FormulaError(f"unexpected '{token.text}' in formula", token.offset)

    def closed(self) -> Tree:
        """The rest of a parenthesised expression, after its '('."""
        tree = self.expr()
        closing = self.take()
        if closing.text != ")":
            raise FormulaError(f"expected ')' but found '{closing.text}'", closing.offset)
        return tree

    def number(self, token: Token) -> float:
        return parse_number(token.text)

    def unit(self, token: Token) -> Tree:
        try:
            unit = parse_unit(token.text)
        except UnitError:
            hint = did_you_mean(token.text, self.ids)
            raise FormulaError(f"unknown id '{token.text}'{hint}", token.offset, "SDG304") from None
        si = (1 * unit).to_base_units()
        return {"unit": token.text, "si": float(si.magnitude), "dims": dict(sorted(si.dimensionality.items()))}


def parse_formula(formula: str, ids: set[str]) -> Tree:
    """Parse a formula into its JSON tree; raise FormulaError with an offset."""
    return _Parser(formula, ids).parse()


def refs(tree: Tree) -> Iterator[str]:
    if "ref" in tree:
        yield tree["ref"]
    for arg in tree.get("args", []):
        yield from refs(arg)


_DIMENSION_NAMES = {"[information]": "bytes", "[time]": "time"}


def describe(q: pint.Quantity) -> str:
    """A quantity's dimension in words: 'bytes/time', 'count/time', 'a plain number'."""
    dims = dict(q.dimensionality)
    if not dims:
        return "a plain number"

    def side(sign: int) -> str:
        parts = []
        for dim, power in sorted((d, float(p.real)) for d, p in dims.items()):
            if power * sign > 0:
                name = _DIMENSION_NAMES.get(dim, dim.strip("[]"))
                parts.append(name if abs(power) == 1 else f"{name}^{abs(power):g}")
        return "*".join(parts)

    top, bottom = side(1), side(-1)
    return f"{top or 'count'}/{bottom}" if bottom else top


def evaluate(tree: Tree, values: dict[str, pint.Quantity]) -> pint.Quantity:
    """Walk the tree with pint quantities; raise FormulaError on bad arithmetic."""
    ureg = registry()
    if "num" in tree:
        return ureg.Quantity(tree["num"])
    if "ref" in tree:
        return values[tree["ref"]]
    if "unit" in tree:
        return ureg.Quantity(1, parse_unit(tree["unit"]))
    args = [evaluate(arg, values) for arg in tree["args"]]
    op = tree["op"]
    if op == "neg":
        return ureg.Quantity(-args[0].magnitude, args[0].units)
    if op == "ceil":
        if not args[0].dimensionless:
            raise FormulaError(f"ceil() takes a plain number (a count), not {describe(args[0])}", code="SDG306")
        return ureg.Quantity(math.ceil(settle(float(args[0].to("dimensionless").magnitude))))
    left, right = args
    if op in "+-":
        if left.dimensionality != right.dimensionality:
            verb = "add" if op == "+" else "subtract"
            raise FormulaError(f"dimension mismatch: cannot {verb} {describe(left)} and {describe(right)}", code="SDG306")
        return left + right if op == "+" else left - right.to(left.units)
    if op == "*":
        return left * right
    if op == "/":
        if right.magnitude == 0:
            raise FormulaError("division by zero: the divisor evaluates to 0", code="SDG307")
        return left / right
    return left ** right.magnitude


@dataclass(frozen=True)
class Row:
    """One estimate as the page shows it."""

    id: str
    label: str
    formula: str
    value: str
    figure: str
    note: str
    derived: bool
    tree: Tree | None = None
    per: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Finding:
    path: Path
    message: str
    code: str
    offset: int | None = None


def _input_rows(inputs: list[Any], base: Path, values: dict[str, pint.Quantity], out: list[Finding]) -> list[Row]:
    rows = []
    for index, item in enumerate(inputs):
        path = (*base, index)
        try:
            number = parse_number(item.value)
        except UnitError as exc:
            out.append(Finding((*path, "value"), str(exc), "SDG301"))
            continue
        try:
            unit = parse_unit(item.unit)
        except UnitError as exc:
            out.append(Finding((*path, "unit"), str(exc), "SDG302"))
            continue
        values[item.id] = number * unit
        shown = f"{item.value} {item.unit}".strip() if not str(item.unit).startswith("/") else f"{item.value}{item.unit}"
        rows.append(Row(item.id, item.label, "", shown, "", item.why, False, unit=item.unit))
    return rows


def _order(derived: list[Any], trees: dict[str, Tree]) -> tuple[list[int], list[tuple[int, list[str]]]]:
    """Topological order of derived rows; cycles reported as (index, cycle path)."""
    index_of = {item.id: i for i, item in enumerate(derived)}
    state: dict[str, int] = {}
    order: list[int] = []
    cycles: list[tuple[int, list[str]]] = []

    def visit(node: str, stack: list[str]) -> None:
        if state.get(node) == 2 or node not in trees:
            return
        if state.get(node) == 1:
            cycle = stack[stack.index(node):] + [node]
            cycles.append((index_of[cycle[0]], cycle))
            return
        state[node] = 1
        for dep in refs(trees[node]):
            if dep in index_of:
                visit(dep, [*stack, node])
        state[node] = 2
        order.append(index_of[node])

    for item in derived:
        visit(item.id, [])
    return order, cycles


def compute(estimation: Any, base: Path = ("estimation",)) -> tuple[list[Row], list[Finding]]:
    """Evaluate every estimate. Returns rows in the author's order, and findings."""
    findings: list[Finding] = []
    values: dict[str, pint.Quantity] = {}
    rows = _input_rows(estimation.inputs, (*base, "inputs"), values, findings)
    ids = {item.id for item in estimation.inputs} | {item.id for item in estimation.derived}
    trees: dict[str, Tree] = {}
    for index, item in enumerate(estimation.derived):
        try:
            trees[item.id] = parse_formula(item.formula, ids)
        except FormulaError as exc:
            findings.append(Finding((*base, "derived", index, "formula"), str(exc), exc.code, exc.offset))
    order, cycles = _order(estimation.derived, trees)
    for index, cycle in cycles:
        findings.append(Finding((*base, "derived", index, "formula"), "circular formula: " + " -> ".join(cycle), "SDG305"))
        for name in cycle:
            trees.pop(name, None)
    units = {item.id: item.unit for item in [*estimation.inputs, *estimation.derived]}
    by_index: dict[int, Row] = {}
    for index in order:
        item = estimation.derived[index]
        row = _derive(item, trees, values, (*base, "derived", index), findings)
        if row is not None:
            by_index[index] = replace(row, per=_rate_change(item.unit, [units[r] for r in refs(trees[item.id])]))
    return rows + [by_index[i] for i in sorted(by_index)], findings


PER = {"s": "second", "min": "minute", "minute": "minute", "h": "hour", "hour": "hour", "day": "day",
       "month": "month", "year": "year"}


def _rate_change(unit: str, ref_units: list[str]) -> str:
    """'per second' when the row shows a rate per a different time than its inputs do (/day in, /s out)."""
    shown = unit.partition("/")[2].strip()
    given = {u.partition("/")[2].strip() for u in ref_units} - {""}
    if shown and given and shown not in given:
        return f"per {PER.get(shown, shown)}"
    return ""


def _derive(item: Any, trees: dict[str, Tree], values: dict[str, pint.Quantity], path: Path, findings: list[Finding]) -> Row | None:
    tree = trees.get(item.id)
    if tree is None or any(dep not in values for dep in refs(tree)):
        return None
    try:
        display = parse_display(item.unit)
    except UnitError as exc:
        findings.append(Finding((*path, "unit"), str(exc), "SDG308"))
        return None
    try:
        quantity = evaluate(tree, values)
        magnitude = float(quantity.to(display.unit).magnitude)
    except FormulaError as exc:
        findings.append(Finding((*path, "formula"), str(exc), exc.code))
        return None
    except pint.errors.DimensionalityError:
        findings.append(Finding((*path, "unit"), f"the formula gives {describe(quantity)}, which cannot be shown as '{item.unit}'", "SDG306"))
        return None
    except (ZeroDivisionError, OverflowError, ValueError) as exc:
        findings.append(Finding((*path, "formula"), f"cannot evaluate: {exc}", "SDG307"))
        return None
    values[item.id] = quantity
    return Row(item.id, item.label, item.formula, format_value(magnitude, display),
               format_interview(magnitude, display), item.implies, True, tree, unit=item.unit)


