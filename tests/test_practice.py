"""Practice mode's data, computed in Python: the JSON each problem page carries.

The browser side (docs/js/*.js) is tested in tests/browser/test_practice.py and
test_live_estimates.py; these tests hold the data to its contract: escaped so no
text can end its script element, deterministic, complete for every formula,
decision point, section and question.
"""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st
from studyguide import practice
from studyguide.model import MINUTES
from studyguide.pipeline import Layout, load_site
from studyguide.prose import FIGURE
from studyguide.units import format_interview, format_value, parse_display, settle

SECTIONS = ["requirements", "estimation", "api", "architecture", "deep-dives", "tradeoffs", "wrap-up"]


class Site:
    """The validated site and its rendered pages, rendered once."""

    def __init__(self) -> None:
        loaded = load_site(Layout.at(ROOT))
        self.problems = loaded.problems
        self.pages = loaded.pages()


@pytest.fixture(scope="module")
def site() -> Site:
    return Site()


def payloads(site: Site) -> dict[str, dict[str, Any]]:
    return {slug: page_data(site, slug) for slug in (v.problem.slug for v in site.problems)}


def page_data(site: Site, slug: str) -> dict[str, Any]:
    text = site.pages[f"problems/{slug}.md"]
    match = re.search(r'<script type="application/json" id="sdg-problem">(.*?)</script>', text)
    assert match, f"{slug}: no practice data"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


class Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = None


@given(st.text())
def test_no_text_can_close_the_data_element(text: str) -> None:
    element = practice.script_json("sdg-problem", {"title": text, "list": [text]})
    inner = element.removeprefix('<script type="application/json" id="sdg-problem">').removesuffix("</script>")
    assert not set("<>&") & set(inner)
    assert json.loads(inner) == {"title": text, "list": [text]}
    parser = Scripts()
    parser.feed(f"<p>before</p>{element}<p>after</p>")
    assert len(parser.scripts) == 1 and json.loads(parser.scripts[0][1])["title"] == text


def test_data_is_deterministic(site: Site) -> None:
    assert payloads(site) == payloads(Site())


def test_every_formula_and_decision_is_in_the_data(site: Site) -> None:
    for valid in site.problems:
        problem, data = valid.problem, page_data(site, valid.problem.slug)
        est = data["estimates"]
        assert [i["id"] for i in est["inputs"]] == [i.id for i in problem.estimation.inputs]
        assert [d["id"] for d in est["derived"]] == [d.id for d in problem.estimation.derived]
        for row in est["derived"]:
            assert row["tree"] and row["display"]["si"] > 0
        for item in est["inputs"]:
            assert item["si"] > 0 and math.isfinite(item["si"])
        thresholds = [(d.id, t) for d in problem.estimation.derived for t in d.thresholds]
        assert len(data["decisions"]) == len(thresholds)
        ids = {i.id for i in problem.estimation.inputs}
        for point, (row_id, _) in zip(data["decisions"], thresholds, strict=True):
            assert point["row"] == row_id and point["input"] in ids


def test_pacing_and_sections(site: Site) -> None:
    for valid in site.problems:
        problem, data = valid.problem, page_data(site, valid.problem.slug)
        assert data["minutes"] == MINUTES[problem.difficulty]
        assert [s["id"] for s in data["pacing"]] == SECTIONS
        assert data["pacing"][-1]["ends"] == data["minutes"] == sum(s["minutes"] for s in data["pacing"])
        assert [s["id"] for s in data["sections"]] == SECTIONS
        assert data["sections"][0]["ask"].startswith(problem.title)
        for section in data["sections"]:
            assert section["ask"] and section["produce"] and section["details"], section["id"]
            assert "{title}" not in section["ask"]


def test_checklists_cover_the_problem(site: Site) -> None:
    for valid in site.problems:
        problem, data = valid.problem, page_data(site, valid.problem.slug)
        checks = {s["id"]: s["checks"] for s in data["sections"]}
        for sid, items in checks.items():
            ids = [i["id"] for i in items]
            assert len(ids) == len(set(ids)), f"{problem.slug} {sid}: duplicate item ids"
            assert any(i["level"] == "mid" for i in items), f"{problem.slug} {sid}: nothing for a mid-level candidate"
            assert all(i["level"] in practice.LEVELS and i["text"] for i in items)
        quoted = {i["id"] for i in checks["estimation"]}
        assert {f"quote-{d.id}" for d in problem.estimation.derived if d.key} <= quoted
        assert any("shard key" in i["text"] for i in checks["deep-dives"])
        assert len([i for i in checks["requirements"] if i["id"].startswith("ask-")]) == len(problem.requirements.clarifying)
        assert [i["text"] for i in data["levels"]] == [*problem.levels.mid, *problem.levels.senior, *problem.levels.staff]
        staff = [i for items in checks.values() for i in items if i["level"] == "staff"]
        assert staff, f"{problem.slug}: the disaster plan gives a staff-level item"


def test_checklist_figures_are_marked_live(site: Site) -> None:
    data = page_data(site, "url-shortener")
    text = next(i["text"] for s in data["sections"] for i in s["checks"] if i["id"] == "quote-peak_read_qps")
    assert FIGURE.search(text) and FIGURE.search(text).group(1) == "peak_read_qps"  # type: ignore[union-attr]


def test_dialogue_mixes_real_questions_and_distractors(site: Site) -> None:
    shuffled = 0
    for valid in site.problems:
        problem, data = valid.problem, page_data(site, valid.problem.slug)
        questions = data["dialogue"]["questions"]
        real = [q for q in questions if "answer" in q]
        decoys = [q for q in questions if "why_not" in q]
        assert sorted(q["text"] for q in real) == sorted(c.question for c in problem.requirements.clarifying)
        assert sorted(q["text"] for q in decoys) == sorted(d.question for d in problem.requirements.distractors)
        assert sum(q["key"] for q in real) == sum(c.key for c in problem.requirements.clarifying)
        declared = [c.question for c in problem.requirements.clarifying] + [d.question for d in problem.requirements.distractors]
        shuffled += [q["text"] for q in questions] != declared
    assert shuffled == len(site.problems)


def test_lower_first_keeps_acronyms() -> None:
    assert practice.lower_first("Peak write QPS") == "peak write QPS"
    assert practice.lower_first("QPS per node") == "QPS per node"
    assert practice.lower_first("A cache") == "a cache"


# Float noise: a figure a few ulps off a rounding tie prints like the tie itself.
TIES = st.tuples(st.integers(min_value=100, max_value=999), st.integers(min_value=-8, max_value=15), st.sampled_from(["", "/s", "B", "s"]))


@given(TIES, st.integers(min_value=-4, max_value=4))
def test_noise_never_decides_a_rounding(tie: tuple[int, int, str], ulps: int) -> None:
    digits, exponent, unit = tie
    exact = float(f"{digits}5e{exponent}")  # a tie at the third significant figure
    noisy = exact
    for _ in range(abs(ulps)):
        noisy = math.nextafter(noisy, math.inf if ulps > 0 else -math.inf)
    display = parse_display(unit)
    assert format_value(noisy, display) == format_value(exact, display)
    assert format_interview(noisy, display) == format_interview(exact, display)
    assert settle(settle(noisy)) == settle(noisy)


def test_lists_read_as_prose() -> None:
    assert practice._names([]) == "none"
    assert practice._names(["a"]) == "a"
    assert practice._names(["a", "b", "c"]) == "a, b and c"
    assert practice._names([str(i) for i in range(9)], 6) == "0, 1, 2, 3, 4 and 4 more"
