"""Fuzzing the validator and the renderer with mutations of the real problem files.

Every case takes one of the problems in problems/ and mutates it the way a hurried or
hostile contributor would: keys and items deleted, duplicated, swapped or given another
type, text replaced by random Unicode, numbers made huge or not finite, the file cut short,
lines duplicated or re-indented, bytes that are not UTF-8. Whatever comes out:

- validation returns issues (never raises), each with a code, a line inside the file and a
  message, and never an internal error (SDG900);
- a file that validates renders its page;
- each case finishes within its time bound.

CI runs a bounded number of cases; SDG_FUZZ_FULL=1 runs many more.
"""

from __future__ import annotations

import copy
import math
import os
import re
import sys
from datetime import timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from studyguide.data import SiteData, load_site_data
from studyguide.errors import Issue
from studyguide.load import load_text
from studyguide.pages import generated_pages
from studyguide.validate import validate_files, validate_loaded

FULL = os.environ.get("SDG_FUZZ_FULL") == "1"
EXAMPLES = 2000 if FULL else 60
PER_CASE = timedelta(seconds=10)  # a case takes ~50 ms; the bound catches hangs and blow-ups, not noise
FUZZ = settings(max_examples=EXAMPLES, deadline=PER_CASE, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                database=None)
PROBLEMS = sorted((ROOT / "problems").glob("*.yaml"))
RUNS: dict[str, int] = {}

Node = Any
PathT = tuple[Any, ...]


@cache
def source(name: str) -> str:
    return (ROOT / "problems" / name).read_text(encoding="utf-8")


@cache
def parsed(name: str) -> Any:
    return yaml.load(source(name), Loader=yaml.CSafeLoader)


class Dumper(yaml.CSafeDumper):
    """Writes integers of any size as digits (Python refuses str() of more than 4,300 digits by default)."""


def _big_int(dumper: yaml.Dumper, value: int) -> yaml.Node:
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        digits = str(value)
    finally:
        sys.set_int_max_str_digits(limit)
    return dumper.represent_scalar("tag:yaml.org,2002:int", digits)


Dumper.add_representer(int, _big_int)


@lru_cache(maxsize=1)
def site_data() -> SiteData:
    data, issues = load_site_data(ROOT / "docs" / "data", ROOT, {p.stem for p in PROBLEMS})
    assert data is not None, issues
    return data


def paths(node: Node, here: PathT = ()) -> list[PathT]:
    """Every path in a data tree, containers included."""
    out = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += paths(value, (*here, index))
    return out


def get(node: Node, path: PathT) -> Node:
    for part in path:
        node = node[part]
    return node


def put(node: Node, path: PathT, value: Node) -> Node:
    if not path:
        return value
    get(node, path[:-1])[path[-1]] = value
    return node


HUGE = st.sampled_from([10**400, -(10**5000), 10**19, 1e308, -1e308, math.inf, -math.inf, math.nan, 5e-324, -0.0,
                        "9" * 400, "1e400", "-1e400", ".inf", "nan", "1" * 5000 + "K", "0", "-5", "1e18B", "100B"])
SCALARS = st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
                    st.text(max_size=50), HUGE)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(st.text(max_size=8), SCALARS, max_size=3))
UNICODE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=80)
FORMULAS = st.one_of(
    st.from_regex(r"\A[a-z_ ()*/+\-^0-9.KMBT]{0,120}\Z"),
    st.integers(1, 3000).map(lambda n: "(" * n + "dau" + ")" * n),
    st.integers(1, 3000).map(lambda n: " + ".join(["dau"] * n)),
    st.integers(1, 400).map(lambda n: "-" * n + "dau"),
    st.sampled_from(["dau ^ 400", "dau ^ 1e300", "(dau ^ 100 - dau ^ 100) / 0", "ceil(" * 50 + "1" + ")" * 50, "1e400 * dau",
                     "0 ^ -1", "(-8) ^ 0.5", "dau / (dau - dau)"]),
)


@st.composite
def structural(draw: st.DrawFn) -> tuple[str, str]:
    """(file name, text) of a problem whose parsed data was mutated, dumped back to YAML."""
    name = draw(st.sampled_from([p.name for p in PROBLEMS]))
    data = copy.deepcopy(parsed(name))
    for _ in range(draw(st.integers(1, 4))):
        every = paths(data)
        target = draw(st.sampled_from(every))
        kind = draw(st.sampled_from(["delete", "duplicate", "retype", "swap", "unicode", "number", "formula"]))
        RUNS[kind] = RUNS.get(kind, 0) + 1
        data = mutate(draw, data, target, kind, every)
    return name, yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10_000)


def mutate(draw: st.DrawFn, data: Node, target: PathT, kind: str, every: list[PathT]) -> Node:
    parent = get(data, target[:-1]) if target else None
    if kind == "delete" and parent is not None:
        del parent[target[-1]]
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(target[-1], get(data, target))
    elif kind == "duplicate" and isinstance(parent, dict):
        parent[f"{target[-1]}_copy"] = get(data, target)
    elif kind == "swap":
        other = draw(st.sampled_from(every))
        if other and target and other[: len(target)] != target and target[: len(other)] != other:
            first, second = get(data, target), get(data, other)
            put(data, target, second)
            put(data, other, first)
    elif kind == "retype":
        data = put(data, target, draw(VALUES))
    elif kind == "unicode":
        data = put(data, target, draw(UNICODE))
    elif kind == "number":
        data = put(data, target, draw(HUGE))
    elif kind == "formula":
        formulas = [p for p in every if p and p[-1] == "formula"]
        if formulas:
            data = put(data, draw(st.sampled_from(formulas)), draw(FORMULAS))
    return data


@st.composite
def textual(draw: st.DrawFn) -> tuple[str, bytes]:
    """(file name, bytes) of a problem file edited as text: cut, re-indented, lines doubled, bad bytes."""
    name = draw(st.sampled_from([p.name for p in PROBLEMS]))
    lines = source(name).split("\n")
    kinds = []
    for _ in range(draw(st.integers(1, 3))):
        kinds.append(kind := draw(st.sampled_from(["truncate", "indent", "dedent", "duplicate line", "delete line", "swap lines",
                                     "bytes", "unicode line", "tab", "anchor bomb", "deep"])))
        RUNS[kind] = RUNS.get(kind, 0) + 1
        at = draw(st.integers(0, len(lines) - 1))
        if kind == "truncate":
            lines = lines[:at] + [lines[at][: draw(st.integers(0, len(lines[at])))]]
        elif kind in ("indent", "dedent"):
            lines[at] = " " + lines[at] if kind == "indent" else lines[at][1:]
        elif kind == "duplicate line":
            lines.insert(at, lines[at])
        elif kind == "delete line":
            del lines[at]
        elif kind == "swap lines":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "unicode line":
            lines[at] = lines[at] + draw(UNICODE)
        elif kind == "tab":
            lines[at] = "\t" + lines[at]
        elif kind == "anchor bomb":
            lines += ["x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1]", *(f"x{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, "
                                                                  f"*a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 10))]
        elif kind == "deep":
            lines[at] = lines[at] + " " + "[" * draw(st.integers(30, 5000))
        if not lines:
            lines = [""]
    data = "\n".join(lines).encode("utf-8")
    if "bytes" in kinds:
        where = draw(st.integers(0, len(data)))
        data = data[:where] + draw(st.sampled_from([b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x1b", b"\xef\xbb\xbf"])) + data[where:]
    return name, data


def check(tmp_path: Path, name: str, content: bytes) -> list[Issue]:
    """Validate one mutated file through the public driver; the properties every outcome must have."""
    path = tmp_path / name
    path.write_bytes(content)
    valid, issues = validate_files([path], tmp_path)
    lines = content.count(b"\n") + 1
    for issue in issues:
        assert issue.code and re.fullmatch(r"SDG\d{3}", issue.code), issue
        assert issue.code != "SDG900", f"internal error: {issue}"
        assert 1 <= issue.line <= lines + 1 and issue.col >= 1, issue
        assert issue.message.strip(), issue
        assert len(str(issue)) < 2000, f"message too long: {str(issue)[:200]}..."
    if valid:
        pages = generated_pages(ROOT / "templates", site_data(), valid)
        assert f"problems/{valid[0].problem.slug}.md" in pages
    return issues


@FUZZ
@given(structural())
def test_structural_mutations(tmp_path_factory: pytest.TempPathFactory, case: tuple[str, str]) -> None:
    name, text = case
    check(tmp_path_factory.mktemp("fuzz"), name, text.encode("utf-8"))


@FUZZ
@given(textual())
def test_textual_mutations(tmp_path_factory: pytest.TempPathFactory, case: tuple[str, bytes]) -> None:
    name, data = case
    check(tmp_path_factory.mktemp("fuzz"), name, data)


@settings(max_examples=EXAMPLES, deadline=PER_CASE, database=None)
@given(st.text(max_size=400))
def test_any_text_loads_or_reports(text: str) -> None:
    loaded, issues = load_text(text, "x.yaml")
    assert loaded is not None or [i.code for i in issues] in (["SDG001"], ["SDG003"])
    if loaded is not None:
        validate_loaded(loaded, "x")
