"""Property tests: the number formatter, the unit engine and both escapers."""

from __future__ import annotations

import html
import math
import re
from html.parser import HTMLParser
from typing import Any

import markdown as md
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from studyguide.escape import markdown, mermaid
from studyguide.estimate import FormulaError, evaluate, parse_formula
from studyguide.units import (
    COUNT_PREFIXES,
    SI_PREFIXES,
    TIME_PREFIXES,
    format_interview,
    format_value,
    parse_display,
    parse_unit,
    registry,
)

DISPLAYS = ["", "/s", "/day", "B", "B/day", "B/s", "bit/s", "s"]
FACTORS = {name: factor for factor, name in COUNT_PREFIXES + SI_PREFIXES + TIME_PREFIXES}
COUNT = re.compile(r"^~?(?P<num>-?\d+(?:\.\d+)?)(?P<prefix>[KMBT]?)(?:/\w+)?$")
DURATION = re.compile(r"^~?(?P<num>\d+(?:\.\d+)?) (?P<unit>min|h|days|years)$")
DURATION_S = {"min": 60.0, "h": 3600.0, "days": 86400.0, "years": 365 * 86400.0}
UNIT = re.compile(r"^~?(?P<num>-?\d+(?:\.\d+)?) (?P<prefix>[KMGTPEmµn]?)(?:B|bit|s)(?:/\w+)?$")
LARGEST = {"": 1e12, "s": 365 * 86400.0}


def parse_figure(text: str, display: str) -> tuple[float, str]:
    """Read a formatted figure back into a number (the formatter's inverse)."""
    long_time = DURATION.match(text) if display == "s" else None
    if long_time:
        return float(long_time.group("num")) * DURATION_S[long_time.group("unit")], long_time.group("num")
    match = (COUNT if display.partition("/")[0] == "" else UNIT).match(text)
    assert match, text
    return float(match.group("num")) * FACTORS.get(match.group("prefix"), 1.0), match.group("num")


def significant(digits: str) -> int:
    return len(digits.replace("-", "").replace(".", "").strip("0")) or 1


def below_largest_prefix(x: float, unit: str) -> bool:
    return x < 999 * LARGEST.get(unit.partition("/")[0], 1e18)


@given(st.floats(min_value=1e-8, max_value=1e17), st.sampled_from(DISPLAYS))
def test_value_keeps_three_significant_figures(x: float, unit: str) -> None:
    display = parse_display(unit)
    assume(unit.startswith("s") or x >= 1e-2)
    value, digits = parse_figure(format_value(x, display), unit)
    assert math.isclose(value, x, rel_tol=5e-3)
    assert significant(digits) <= 3


@given(st.floats(min_value=1.0, max_value=1e17), st.sampled_from(DISPLAYS))
def test_interview_figure_is_two_or_three_figures(x: float, unit: str) -> None:
    display = parse_display(unit)
    text = format_interview(x, display)
    assert text.startswith("~")
    value, digits = parse_figure(text, unit)
    assert math.isclose(value, x, rel_tol=5e-2)
    assert significant(digits) <= 3
    assert 1 <= float(digits) < 1000 or not below_largest_prefix(x, unit)


@given(st.floats(min_value=1.0, max_value=1e17))
def test_prefix_never_leaves_four_digits(x: float) -> None:
    text = format_value(x, parse_display("B"))
    number = float(text.split()[0])
    assert 1 <= number < 1000 or x >= 1e18


# The unit engine ---------------------------------------------------------------

UNITS = ["", "B", "KB", "/s", "/day", "B/s", "B/day", "s", "year"]


@given(st.sampled_from(UNITS), st.sampled_from(UNITS), st.floats(1, 1e6), st.floats(1, 1e6))
def test_addition_needs_one_dimension(u1: str, u2: str, a: float, b: float) -> None:
    values = {"a": a * parse_unit(u1), "b": b * parse_unit(u2)}
    same = values["a"].dimensionality == values["b"].dimensionality
    tree = parse_formula("a + b", {"a", "b"})
    try:
        result = evaluate(tree, values)
    except FormulaError as exc:
        assert not same and "dimension mismatch" in str(exc)
    else:
        assert same
        expected = values["a"].to_base_units().magnitude + values["b"].to_base_units().magnitude
        assert math.isclose(result.to_base_units().magnitude, expected, rel_tol=1e-9)


def si_evaluate(tree: dict[str, Any], inputs: dict[str, tuple[float, dict[str, float]]]) -> tuple[float, dict[str, float]]:
    """The reference for the in-browser calculator: SI magnitudes and dimension maps only, no pint."""
    if "num" in tree:
        return tree["num"], {}
    if "ref" in tree:
        return inputs[tree["ref"]]
    if "unit" in tree:
        return tree["si"], dict(tree["dims"])
    args = [si_evaluate(a, inputs) for a in tree["args"]]
    op = tree["op"]
    if op == "neg":
        return -args[0][0], args[0][1]
    if op == "ceil":
        assert args[0][1] == {}
        return float(math.ceil(args[0][0])), {}
    (x, dx), (y, dy) = args
    if op in "+-":
        assert dx == dy
        return (x + y if op == "+" else x - y), dx
    if op == "^":
        return x ** y, {k: v * y for k, v in dx.items()}
    sign = 1 if op == "*" else -1
    dims = {k: dx.get(k, 0) + sign * dy.get(k, 0) for k in set(dx) | set(dy)}
    return (x * y if op == "*" else x / y), {k: v for k, v in dims.items() if v}


leaf = st.sampled_from(["a", "b", "c", "2", "0.5", "3K", "day", "5 year", "KB"])


@st.composite
def formulas(draw: st.DrawFn, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(leaf)
    op = draw(st.sampled_from(["*", "/", "*", "^2", "ceil"]))
    left = draw(formulas(depth - 1))
    if op == "^2":
        return f"({left})^2"
    if op == "ceil":
        return f"ceil(({left}) / ({left}) * 2.5)"
    return f"({left}) {op} ({draw(formulas(depth - 1))})"


@settings(max_examples=300)
@given(formulas())
def test_json_tree_walker_agrees_with_pint(formula: str) -> None:
    ureg = registry()
    values = {"a": 50e6 * ureg.dimensionless, "b": 10 / ureg.day, "c": 200 * ureg.byte}
    tree = parse_formula(formula, set(values))
    quantity = evaluate(tree, values).to_base_units()
    inputs = {k: (float(v.to_base_units().magnitude), dict(v.to_base_units().dimensionality)) for k, v in values.items()}
    magnitude, dims = si_evaluate(tree, inputs)
    assert math.isclose(magnitude, float(quantity.magnitude), rel_tol=1e-9)
    assert dims == {k: v for k, v in dict(quantity.dimensionality).items() if v}


# Escaping ---------------------------------------------------------------------

SITE_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "pymdownx.details", "toc", "pymdownx.superfences"]
nasty = st.text(alphabet=st.one_of(
    st.sampled_from(list("<>&|`*_[](){}#!-+=~^$\\\"'.:;@%/ 0123456789")),
    st.characters(blacklist_categories=("Cs", "Cc")),
), min_size=1, max_size=40)


class Cells(HTMLParser):
    """Collects the text of <td>, <h3> and <li> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.open: str | None = None
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("td", "h3", "li"):
            self.open = tag
            self.found.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self.open:
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open:
            tag, text = self.found[-1]
            self.found[-1] = (tag, text + data)


def rendered(source: str) -> Cells:
    parser = Cells()
    parser.feed(md.markdown(source, extensions=SITE_EXTENSIONS))
    return parser


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@settings(max_examples=300)
@given(nasty)
def test_markdown_escape_survives_a_table_cell(text: str) -> None:
    assume(normal(text))
    cells = rendered(f"| a | b |\n|---|---|\n| {markdown(text)} | end |\n")
    assert [t for tag, t in cells.found if tag == "td"] == [normal(text), "end"]
    assert set(cells.tags) <= {"table", "thead", "tbody", "tr", "th", "td"}


@settings(max_examples=300)
@given(nasty)
def test_markdown_escape_survives_headings_and_lists(text: str) -> None:
    assume(normal(text))
    cells = rendered(f"### {markdown(text)}\n\n- {markdown(text)}\n")
    assert [t.strip() for tag, t in cells.found] == [normal(text), normal(text)]
    assert set(cells.tags) <= {"h3", "ul", "li"}


@given(st.one_of(nasty, st.sampled_from(["style x: y#1;", "classDef a fill:#f00;", "%%{init: {}}%%", "click c_a call f()"])))
def test_mermaid_labels_hold_only_safe_characters(text: str) -> None:
    label = mermaid(text)
    assert re.fullmatch(r"(?:[A-Za-z0-9 .,?!/'+_-]|#\d+;)*", label)  # no ':', ';', '%', quotes or brackets left
    assert "style" not in label and "classDef" not in label  # Mermaid rewrites lines holding these words
    assert html.unescape(re.sub(r"#(\d+);", r"&#\1;", label)) == normal(text)
