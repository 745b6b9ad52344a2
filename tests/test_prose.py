"""Computed figures quoted in prose, the typed-figure lint, and decision points."""

from __future__ import annotations

import math

from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st
from studyguide import decisions, lint, prose
from studyguide.escape import markdown, mermaid, quoted
from studyguide.validate import validate_files

FIXTURE = ROOT / "tests" / "fixtures" / "golden" / "problems" / "tricky-cache.yaml"


def fixture() -> object:
    valid, issues = validate_files([FIXTURE], ROOT)
    assert [i for i in issues if i.is_error] == []
    return valid[0]


def test_a_reference_prints_the_computed_figure_as_a_live_span() -> None:
    text = prose.resolve_text("peak is {peak_qps}, not {nope}", {"peak_qps": "34.7K/s"})
    assert markdown(text) == 'peak is <span class="figure" data-est="peak_qps">34.7K/s</span>, not &#123;nope&#125;'
    assert mermaid(text) == "peak is 34.7K/s, not #123;nope#125;"
    assert quoted(text) == "peak is 34.7K/s, not &#123;nope&#125;"
    assert prose.plain(text) == "peak is 34.7K/s, not {nope}"


def test_doubled_braces_print_literally() -> None:
    text = prose.resolve_text("key seq:{{conv_id}} at {peak_qps}", {"peak_qps": "1K/s", "conv_id": "9"})
    assert prose.plain(text) == "key seq:{conv_id} at 1K/s"
    assert [m.group(1) for m in prose.REF.finditer("seq:{{conv_id}} {peak_qps}")] == ["peak_qps"]


def test_figures_in_the_fixture_are_resolved_everywhere() -> None:
    valid = fixture()
    dive = valid.problem.deep_dives.dives[0]  # type: ignore[attr-defined]
    assert prose.plain(dive.problem).startswith("Memory is finite; a 10 GB hot set")
    peak = next(r for r in valid.rows if r.id == "peak_qps")  # type: ignore[attr-defined]
    assert "34.7K/s" in prose.plain(peak.note)


def test_verbatim_fields_are_never_prose() -> None:
    paths = {path for path, _ in prose.prose_fields(fixture().problem)}  # type: ignore[attr-defined]
    assert ("api", "endpoints", 0, "purpose") in paths
    assert not any(p[-1] in ("path", "request", "response", "formula", "payload", "mermaid") for p in paths)


def test_a_typed_number_matches_a_computed_figure_at_the_precision_typed() -> None:
    assert lint._matches(1700, 2, 1740)          # "1.7K" where the page computes 1.74K
    assert lint._matches(17000, 2, 17400)        # "17K"
    assert lint._matches(17400, 3, 17400)
    assert not lint._matches(20000, 1, 17400)    # one significant figure says nothing
    assert not lint._matches(1800, 2, 1740)
    assert lint._matches(500e6, 1, 500e6)        # an exact match always counts


def test_only_scaled_or_large_numbers_are_candidates() -> None:
    found = [typed for typed, *_ in lint._figures("2 of 3 replicas, 10 ms, 1,500 servers, 1.5K hosts, 164 TB, {x}")]
    assert found == ["1,500", "1.5K", "164 TB"]


def test_the_decision_point_is_today_and_where_it_flips() -> None:
    valid = fixture()
    (point,) = decisions.decisions(valid.problem, valid.rows)  # type: ignore[attr-defined]
    assert (point.at, point.is_above, point.input.id, point.flip) == ("100K/s", False, "reads_per_day", "2.88B/day")


@given(st.floats(min_value=1e3, max_value=1e8))
def test_the_flip_point_puts_the_number_on_the_threshold(at: float) -> None:
    valid = fixture()
    rows = valid.rows  # type: ignore[attr-defined]
    row = next(r for r in rows if r.id == "peak_qps")
    inputs = decisions.input_values(valid.problem.estimation)
    flip = decisions.flip_point(row, rows, inputs, "reads_per_day", at)
    assert flip is not None
    moved = {**inputs, "reads_per_day": inputs["reads_per_day"] * (flip / inputs["reads_per_day"].magnitude)}
    assert math.isclose(decisions.value_of(row, rows, moved), at, rel_tol=1e-9)


def test_a_number_that_never_reaches_the_threshold_has_no_flip_point() -> None:
    valid = fixture()
    rows = valid.rows  # type: ignore[attr-defined]
    row = next(r for r in rows if r.id == "peak_qps")
    inputs = decisions.input_values(valid.problem.estimation)
    assert decisions.flip_point(row, rows, inputs, "value_size", 1e5) is None  # peak_qps does not depend on value_size


