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
MAX_FORMULA_CHARS = 300  # the longest real formula is under 100
MAX_FORMULA_DEPTH = 16  # nested parentheses, ceil() and signs
MAX_EXPONENT = 100
RESULT_LIMIT = 1e30  # beyond this (in the display unit) a result is a mistake, not an estimate
LIMIT_CODE = "SDG310"

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
        if len(formula) > MAX_FORMULA_CHARS:
            raise FormulaError(f"formula too long: {len(formula):,} characters (at most {MAX_FORMULA_CHARS}); "
                               "split it into several derived rows", MAX_FORMULA_CHARS, LIMIT_CODE)
        self.tokens = tokenize(formula)
        self.pos = 0
        self.depth = 0

    def deeper(self, token: Token) -> None:
        """One more level of nesting; refuse formulas nested beyond MAX_FORMULA_DEPTH."""
        self.depth += 1
        if self.depth > MAX_FORMULA_DEPTH:
            raise FormulaError(f"formula nested too deeply (more than {MAX_FORMULA_DEPTH} levels of parentheses, "
                               "ceil() or signs); split it into several derived rows", token.offset, LIMIT_CODE)

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
            self.deeper(token)
            tree = {"op": "neg", "args": [self.unary()]}
            self.depth -= 1
            return tree
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
        if value > MAX_EXPONENT:
            raise FormulaError(f"exponent too large: {exponent.text} (at most {MAX_EXPONENT})", exponent.offset, "SDG309")
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
                return {"op": token.text, "args": [self.closed(after)]}
            return {"ref": token.text} if token.text in self.ids else self.unit(token)
        if token.text == "(":
            return self.closed(token)
        raise FormulaError(f"unexpected '{token.text}' in formula", token.offset)

    def closed(self, opening: Token) -> Tree:
        """The rest of a parenthesised expression, after its '('."""
        self.deeper(opening)
        tree = self.expr()
        closing = self.take()
        if closing.text != ")":
            raise FormulaError(f"expected ')' but found '{closing.text}'", closing.offset)
        self.depth -= 1
        return tree

    def number(self, token: Token) -> float:
        try:
            return parse_number(token.text)
        except UnitError as exc:
            raise FormulaError(str(exc), token.offset, exc.code) from None

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
    """Walk the tree with pint quantities; raise FormulaError on bad arithmetic or a result that is not finite."""
    try:
        result = _operate(tree, values)
    except (OverflowError, ZeroDivisionError) as exc:
        what = "division by zero" if isinstance(exc, ZeroDivisionError) else "the result overflows"
        raise FormulaError(f"{what}: check the formula and its inputs", code="SDG307") from None
    magnitude = result.magnitude
    if isinstance(magnitude, complex) or not math.isfinite(magnitude):
        why = "is not a real number" if isinstance(magnitude, complex) else f"is {magnitude} (an overflow, or infinity minus infinity)"
        raise FormulaError(f"the result {why}: check the formula and its inputs", code="SDG307")
    return result


def _operate(tree: Tree, values: dict[str, pint.Quantity]) -> pint.Quantity:
    ureg = registry()
    if "num" in tree:
        return ureg.Quantity(tree["num"])
    if "ref" in tree:
        return values[tree["ref"]]
    if "unit" in tree:
        return ureg.Quantity(1, parse_unit(tree["unit"]))
    args = [evaluate(arg, values) for arg in tree["args"]]  # each checked finite
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
            out.append(Finding((*path, "value"), str(exc), exc.code))
            continue
        try:
            unit = parse_unit(item.unit)
        except UnitError as exc:
            out.append(Finding((*path, "unit"), str(exc), "SDG302"))
            continue
        problem = _input_problem(item, number, unit)
        if problem:
            out.append(Finding((*path, "value"), problem, "SDG307"))
            continue
        values[item.id] = number * unit
        shown = f"{item.value} {item.unit}".strip() if not str(item.unit).startswith("/") else f"{item.value}{item.unit}"
        rows.append(Row(item.id, item.label, "", shown, "", item.why, False, unit=item.unit))
    return rows


def _billions(value: Any) -> str | None:
    """'100' for a value written '100B' (the billion suffix), else None."""
    text = str(value).strip()
    return text[:-1] if isinstance(value, str) and text.endswith("B") else None


def _input_problem(item: Any, number: float, unit: pint.Unit) -> str:
    """Why an input makes no sense, or ''."""
    if number <= 0:
        return (f"must be greater than 0, got {item.value}: an estimate input is a count, size, rate or time; "
                "to leave a factor out, drop it from the formulas")
    digits = _billions(item.value)
    if digits is not None and "[information]" in unit.dimensionality:
        return (f"'{item.value}' with unit '{item.unit}' reads as {digits} billion {item.unit}: B after the digits is the "
                f"billion suffix; for {digits} bytes write value: {digits}")
    return ""


def _order(derived: list[Any], trees: dict[str, Tree]) -> tuple[list[int], list[tuple[int, list[str]]]]:
    """Topological order of derived rows; cycles reported as (index, cycle path). Iterative: chains can be long."""
    index_of = {item.id: i for i, item in enumerate(derived)}
    state: dict[str, int] = {}
    order: list[int] = []
    cycles: list[tuple[int, list[str]]] = []
    for item in derived:
        if item.id not in trees or item.id in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(item.id, refs(trees[item.id]))]
        state[item.id] = 1
        while stack:
            node, deps = stack[-1]
            dep = next((d for d in deps if d in index_of and d in trees and state.get(d) != 2), None)
            if dep is None:
                stack.pop()
                state[node] = 2
                order.append(index_of[node])
            elif state.get(dep) == 1:
                names = [name for name, _ in stack]
                cycle = names[names.index(dep):] + [dep]
                cycles.append((index_of[cycle[0]], cycle))
            else:
                state[dep] = 1
                stack.append((dep, refs(trees[dep])))
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
    inputs = {item.id: ((*base, "inputs", i), item) for i, item in enumerate(estimation.inputs)}
    by_index: dict[int, Row] = {}
    for index in order:
        item = estimation.derived[index]
        row = _derive(item, trees, values, (*base, "derived", index), findings, inputs)
        if row is not None:
            by_index[index] = replace(row, per=_rate_change(item.unit, [units[r] for r in refs(trees[item.id])]))
    return rows + [by_index[i] for i in sorted(by_index)], list(dict.fromkeys(findings))


PER = {"s": "second", "min": "minute", "minute": "minute", "h": "hour", "hour": "hour", "day": "day",
       "month": "month", "year": "year"}


def _rate_change(unit: str, ref_units: list[str]) -> str:
    """'per second' when the row shows a rate per a different time than its inputs do (/day in, /s out)."""
    shown = unit.partition("/")[2].strip()
    given = {u.partition("/")[2].strip() for u in ref_units} - {""}
    if shown and given and shown not in given:
        return f"per {PER.get(shown, shown)}"
    return ""


Inputs = dict[str, tuple[Path, Any]]  # input id -> (path, item): where to report what an input causes


def sources(name: str, trees: dict[str, Tree]) -> list[str]:
    """Every id `name`'s formula depends on, through other derived rows, in first-use order."""
    seen: list[str] = []
    todo = [name]
    while todo:
        for ref in refs(trees.get(todo.pop(), {})):
            if ref not in seen:
                seen.append(ref)
                todo.append(ref)
    return seen


def blame(surplus: dict[str, Any], row: str, trees: dict[str, Tree], values: dict[str, pint.Quantity], inputs: Inputs) -> list[Finding]:
    """Findings at the inputs that most likely cause a row's unit mismatch (`surplus` = got / wanted).

    An input whose own dimension is exactly the surplus has a unit it should not have; an input
    written with the billion suffix B where bytes are missing was meant as bytes. Messages keep
    {row}, {got} and {wanted} placeholders for the caller.
    """
    surplus = {k: v for k, v in surplus.items() if v}
    out = []
    for name in sources(row, trees):
        if name not in inputs or name not in values:
            continue
        path, item = inputs[name]
        own = {k: v for k, v in dict(values[name].dimensionality).items() if v}
        digits = _billions(item.value)
        if surplus and own == surplus and str(item.unit).strip():
            out.append(Finding((*path, "unit"), f"with unit '{item.unit}' here, '{{row}}' comes out as {{got}} instead of "
                                                f"{{wanted}}: if this input counts things (users, messages, servers), it has no unit", "SDG306"))
        elif digits is not None and surplus.get("[information]", 0) < 0 and not own:
            out.append(Finding((*path, "value"), f"'{item.value}' means {digits} billion (B after the digits is the billion "
                                                 f"suffix), so '{{row}}' has no bytes; for {digits} bytes write value: {digits} "
                                                 "and unit: B", "SDG306"))
    return out


def _derive(item: Any, trees: dict[str, Tree], values: dict[str, pint.Quantity], path: Path, findings: list[Finding],
            inputs: Inputs) -> Row | None:
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
        surplus = dict((quantity / (1 * display.unit)).dimensionality)
        findings += [replace(f, message=f.message.replace("{row}", item.id).replace("{got}", describe(quantity))
                             .replace("{wanted}", describe(1 * display.unit))) for f in blame(surplus, item.id, trees, values, inputs)]
        return None
    if not math.isfinite(magnitude) or abs(magnitude) > RESULT_LIMIT:
        findings.append(Finding((*path, "formula"), f"the result ({magnitude:.3g}{display.text('')}) is out of range (over "
                                                    f"{RESULT_LIMIT:.0e}): check the formula and its inputs", "SDG307"))
        return None
    values[item.id] = quantity
    return Row(item.id, item.label, item.formula, format_value(magnitude, display),
               format_interview(magnitude, display), item.implies, True, tree, unit=item.unit)


