"""The estimate engine on real content: the chat problem reproduces the brief's worked example."""

from __future__ import annotations

import pytest
from conftest import ROOT
from studyguide.framework import pacing
from studyguide.pipeline import Layout, load_site
from studyguide.reference import Framework

# The brief's worked example (interview-facts.md), as the chat page must show it.
# Where the brief rounds loosely (~165 TB, ~115 MB/s, ~575 MB/s) the page shows the
# computed figure; the brief's number is within a few percent of it.
CHAT_FIGURES = {
    "msgs_per_day": ("500M/day", "~500M/day"),
    "avg_qps": ("5.79K/s", "~5.8K/s"),
    "peak_qps": ("17.4K/s", "~17.4K/s"),
    "text_per_day": ("90 GB/day", "~90 GB/day"),
    "image_per_day": ("10 TB/day", "~10 TB/day"),
    "text_5y": ("164 TB", "~164 TB"),
    "image_5y": ("18.3 PB", "~18.3 PB"),
    "ingress_bw": ("117 MB/s", "~117 MB/s"),
    "egress_bw": ("584 MB/s", "~580 MB/s"),
    "ws_connections": ("15M", "~15M"),
    "ws_servers": ("1.5K", "~1.5K"),
}
BRIEF = {"text_5y": 165e12, "ingress_bw": 115e6, "egress_bw": 575e6}


@pytest.fixture(scope="module")
def chat_rows() -> dict[str, object]:
    valid = {v.problem.slug: v for v in load_site(Layout.at(ROOT)).problems}
    return {row.id: row for row in valid["chat-system"].rows}


@pytest.mark.parametrize("row_id", list(CHAT_FIGURES))
def test_chat_reproduces_the_worked_example(row_id: str, chat_rows: dict[str, object]) -> None:
    row = chat_rows[row_id]
    assert (row.value, row.figure) == CHAT_FIGURES[row_id]  # type: ignore[attr-defined]


@pytest.mark.parametrize("row_id", list(BRIEF))
def test_brief_roundings_are_within_two_percent(row_id: str, chat_rows: dict[str, object]) -> None:
    value = chat_rows[row_id].value  # type: ignore[attr-defined]
    number, unit = value.split()
    scale = {"TB": 1e12, "MB/s": 1e6}[unit]
    assert abs(float(number) * scale - BRIEF[row_id]) / BRIEF[row_id] < 0.02


def test_every_problem_has_an_implication_for_every_number() -> None:
    for item in load_site(Layout.at(ROOT)).problems:
        for row in item.rows:
            assert row.note.strip(), f"{item.problem.slug}: {row.id} has no note"


@pytest.mark.parametrize("minutes", [30, 45, 60])
def test_pacing_splits_the_budget_exactly(minutes: int) -> None:
    framework: Framework = load_site(Layout.at(ROOT)).data.framework
    slots = list(pacing(framework, minutes))
    assert [s.section.id for s in slots] == ["requirements", "estimation", "api", "architecture", "deep-dives", "tradeoffs", "wrap-up"]
    assert sum(s.minutes for s in slots) == minutes == slots[-1].ends_at
    weights = [section.weight for section in framework.sections]
    for slot, weight in zip(slots, weights, strict=True):
        assert abs(slot.minutes - minutes * weight / sum(weights)) < 1


def test_sixty_minute_pacing_matches_the_framework_weights() -> None:
    framework: Framework = load_site(Layout.at(ROOT)).data.framework
    assert [s.minutes for s in pacing(framework, 60)] == [7, 5, 5, 10, 20, 7, 6]
