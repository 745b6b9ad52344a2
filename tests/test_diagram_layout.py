"""Diagram layout for reading at natural size: a compact legend, lines broken at spaces, long traces in parts."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from studyguide.diagrams import (
    LEGEND_COLUMNS,
    LINE_BREAK,
    MAX_PARTICIPANTS,
    SHAPES,
    legend,
    trace_diagrams,
    trace_parts,
    wrapped,
)
from studyguide.escape import mermaid
from studyguide.model import Component, Step, Trace


def test_legend_is_a_grid_of_rows() -> None:
    source = legend(SHAPES)
    rows = [line.strip().split(" ~~~ ") for line in source.splitlines() if "~~~" in line]
    nodes = [f"k_{kind}" for kind in SHAPES]
    expected = [nodes[i:i + LEGEND_COLUMNS] for i in range(0, len(nodes), LEGEND_COLUMNS)]
    assert rows == [row for row in expected if len(row) > 1]


def test_legend_takes_any_iterable_of_kinds_once() -> None:
    assert legend(k for k in ["cache", "client", "cache"]).count("@{") == 2


@given(st.lists(st.text(alphabet="abcdefghij_(){}", min_size=1, max_size=30), min_size=1, max_size=8))
def test_wrapping_breaks_only_between_words(words: list[str]) -> None:
    text = " ".join(words)
    lines = wrapped(text, 14).split(LINE_BREAK)
    assert [w for line in lines for w in line.split(" ")] == [mermaid(w) for w in words]


def component(ident: str) -> Component:
    return Component.model_validate({"id": ident, "name": f"The {ident} component", "kind": "service", "why": "Needed.", "cites": ["F1"]})


def step(a: str, b: str) -> Step:
    return Step.model_validate({"from": a, "to": b, "action": f"{a} calls {b}", "detail": "It does."})


def test_a_trace_between_few_components_is_one_diagram() -> None:
    steps = [step("a", "b"), step("b", "c"), step("c", "a")]
    parts = trace_diagrams(Trace(title="t", steps=steps), {c: component(c) for c in "abc"})
    assert len(parts) == 1 and "autonumber\n" in parts[0] + "\n"


def test_a_wide_trace_is_drawn_in_parts_numbered_on() -> None:
    names = "abcdefghij"
    steps = [step(names[i], names[i + 1]) for i in range(9)]
    parts = trace_parts(steps)
    assert sum(parts, []) == steps and len(parts) > 1
    assert all(len({s.source for s in p} | {s.to for s in p}) <= MAX_PARTICIPANTS for p in parts)
    drawn = trace_diagrams(Trace(title="t", steps=steps), {c: component(c) for c in names})
    firsts = [int(m.group(1)) if (m := re.search(r"autonumber (\d+)", d)) else 1 for d in drawn]
    assert firsts == [1 + sum(len(p) for p in parts[:i]) for i in range(len(parts))]
