"""Flashcards: generated from every problem and the data files, with ids that survive edits.

The fixture problem's cards are golden: run `pytest tests/test_cards.py --update-golden`
after an intended change and review the diff of the expected file like any other change.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT
from studyguide import cards, review
from studyguide.pipeline import Layout, Site, load_site
from studyguide.prose import FIGURE_END, FIGURE_SEP, FIGURE_START
from studyguide.validate import validate_files

GOLDEN = ROOT / "tests" / "fixtures" / "golden"
FIXTURE = GOLDEN / "problems" / "tricky-cache.yaml"
EXPECTED = GOLDEN / "expected" / "problems" / "tricky-cache.cards.json"
ID = re.compile(r"^[a-z0-9-]+/[a-z-]+/[a-z0-9_-]+$")


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(Layout.at(ROOT))


@pytest.fixture(scope="module")
def all_cards(site: Site) -> list[cards.Card]:
    return cards.cards(site.problems, site.data)


def fixture_cards(text: str | None = None, tmp: Path | None = None) -> list[cards.Card]:
    """The fixture problem's cards, from its file or from an edited copy of it."""
    path = FIXTURE
    if text is not None and tmp is not None:
        path = tmp / "tricky-cache.yaml"
        path.write_text(text, encoding="utf-8")
    valid, issues = validate_files([path], ROOT)
    assert [i for i in issues if i.is_error] == []
    return cards.problem_cards(valid[0])


def card_text(card: cards.Card) -> list[str]:
    """Every text a card shows: cue, prompt, labels (an empty one marks a bullet) and lines."""
    return [card.front, card.prompt, *(part for line in (*card.given, *card.back) for part in line if part)]


PAIR = re.compile(r'\[\n\s+("(?:[^"\\]|\\.)*"),\n\s+("(?:[^"\\]|\\.)*")\n\s+\]')


def golden_text(made: list[cards.Card]) -> str:
    """The cards as JSON, one labelled line per line of text, for diffs a reviewer can read."""
    return PAIR.sub(r"[\1, \2]", json.dumps([cards.as_json(c) for c in made], indent=1, ensure_ascii=False)) + "\n"


def test_golden_cards(request: pytest.FixtureRequest) -> None:
    text = golden_text(fixture_cards())
    if request.config.getoption("--update-golden"):
        EXPECTED.write_text(text, encoding="utf-8")
    want = EXPECTED.read_text(encoding="utf-8")
    if text != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), text.splitlines(True), "golden", "generated"))
        pytest.fail(f"the fixture's cards differ from {EXPECTED.name} (rerun with --update-golden if intended):\n{diff}")


def test_hostile_text_stays_plain_text() -> None:
    """Cards hold the text as typed (each viewer escapes it), with figures shown bare."""
    made = fixture_cards()
    texts = [t for c in made for t in card_text(c)]
    assert any("<values>" in t for t in texts) and any('"hot"' in t for t in texts)
    dive = next(c for c in made if c.kind == "dive")
    assert ("Problem", "Memory is finite; a 10 GB hot set on 64 GB nodes leaves headroom but not forever.") in dive.given
    assert not any(mark in t for t in texts for mark in (FIGURE_START, FIGURE_SEP, FIGURE_END))


def test_every_problem_has_cards_of_every_kind_it_has_data_for(site: Site, all_cards: list[cards.Card]) -> None:
    for valid in site.problems:
        p = valid.problem
        found = {k: sum(1 for c in all_cards if c.deck == p.slug and c.kind == k) for k in review.PROBLEM_KINDS}
        assert found == {
            "level": 3, "question": len(p.requirements.clarifying), "estimate": len(p.estimation.derived), "data": 1,
            "dive": len(p.deep_dives.dives), "tradeoff": len(p.tradeoffs), "failure": len(p.wrapup.failures),
            "follow-up": len(p.wrapup.follow_ups),
        }, p.slug
    ref = site.data.reference
    found = {k: sum(1 for c in all_cards if c.deck == cards.REFERENCE and c.kind == k) for k in cards.KINDS}
    assert {k: n for k, n in found.items() if k not in review.PROBLEM_KINDS} == {
        "latency": len(ref.latency), "throughput": len(ref.throughput), "availability": len(ref.availability),
        "rule": len(ref.one_liners), "term": len(site.data.glossary.terms), "classic": len(site.data.tradeoffs.tradeoffs),
    }


def test_cards_are_well_formed(all_cards: list[cards.Card]) -> None:
    ids = [c.id for c in all_cards]
    assert len(ids) == len(set(ids))
    for card in all_cards:
        assert ID.match(card.id), card.id
        assert card.id.split("/")[:2] == [card.deck, card.kind]
        assert card.front and card.prompt and card.back, card.id
        assert all(text.strip() for text in card_text(card)), card.id
        assert not any(mark in t for t in card_text(card) for mark in (FIGURE_START, FIGURE_SEP, FIGURE_END)), card.id


def test_estimate_cards_show_inputs_formula_and_decision_points() -> None:
    made = {c.id: c for c in fixture_cards()}
    peak = made["tricky-cache/estimate/peak_qps"]
    assert peak.given == (("Read QPS", "~11.6K/s"),)
    assert ("Formula", "read_qps * 3") in peak.back
    assert ("Implies", "Still under one node's ceiling at peak (34.7K/s < 100K/s).") in peak.back
    assert ("Below 100K/s (today)", "One node serves every read; a replica is only for failover.") in peak.back
    read = made["tricky-cache/estimate/read_qps"]
    assert read.given == (("Reads per day", "1B/day"),) and ("Formula", "reads_per_day, per second") in read.back


def edited(tmp_path: Path, old: str, new: str) -> list[cards.Card]:
    source = FIXTURE.read_text(encoding="utf-8")
    assert source.count(old) == 1, old
    return fixture_cards(source.replace(old, new), tmp_path)


@pytest.mark.parametrize(("old", "new", "changed"), [
    ("    cost: More moving parts.", "    cost: Three nodes to run.", {"tricky-cache/tradeoff/topology"}),
    ("      recovery: Fail over to the replica in 30 s.", "      recovery: Fail over in 10 s.", {"tricky-cache/failure/store-component"}),
    ("      answer: Request coalescing on miss.", "      answer: Coalesce requests.",
     {"tricky-cache/follow-up/how-do-you-avoid-a-thundering-herd"}),
    ("      hot_spots: A viral key lands on one node; replicate hot keys.", "      hot_spots: Replicate viral keys.",
     {"tricky-cache/data/sharding"}),
    ("          verdict: Throws away hits.", "          verdict: Evicts what we need.", {"tricky-cache/dive/eviction"}),
])
def test_editing_one_field_changes_only_its_card(tmp_path: Path, old: str, new: str, changed: set[str]) -> None:
    before = {c.id: c for c in fixture_cards()}
    after = {c.id: c for c in edited(tmp_path, old, new)}
    assert list(after) == list(before)
    assert {i for i in before if before[i] != after[i]} == changed


def test_an_input_change_updates_its_estimates_in_place(tmp_path: Path) -> None:
    before = {c.id: c for c in fixture_cards()}
    after = {c.id: c for c in edited(tmp_path, "      value: 10M", "      value: 20M")}
    assert list(after) == list(before)
    changed = {i for i in before if before[i] != after[i]}
    assert "tricky-cache/estimate/hot_set" in changed and "tricky-cache/estimate/read_qps" not in changed


def test_inserting_and_reordering_items_keeps_every_id(tmp_path: Path) -> None:
    """Ids come from the items, not their positions: a new first question or swapped failures rename nothing."""
    source = FIXTURE.read_text(encoding="utf-8")
    question = "  clarifying:\n"
    extra = question + "    - question: Is the cache shared by tenants?\n      answer: No.\n      impact: No per-tenant quotas.\n"
    end = ("    - component: end\n      breaks: Reads fall through to the store.\n      detection: Hit-rate alert below 80 %.\n"
           "      recovery: Replace the node; warm from the store.\n      data_loss: None; the store is the source of truth.\n")
    store = ("    - component: store\n      breaks: Writes fail.\n      detection: Error-rate alert.\n"
             "      recovery: Fail over to the replica in 30 s.\n      data_loss: Up to 1 s of async replication.\n")
    assert source.count(end + store) == 1
    swapped = source.replace(question, extra, 1).replace(end + store, store + end)
    before = {c.id: c for c in fixture_cards()}
    after = {c.id: c for c in fixture_cards(swapped, tmp_path)}
    assert set(after) - set(before) == {"tricky-cache/question/is-the-cache-shared-by-tenants"}
    assert set(before) <= set(after)
    unchanged = [i for i in before if before[i] == after[i]]
    assert "tricky-cache/question/what-hit-rate-do-we-need" in unchanged
    moved = [i for i in before if i.startswith("tricky-cache/failure/") and before[i].href != after[i].href]
    assert sorted(moved) == ["tricky-cache/failure/end-component", "tricky-cache/failure/store-component"]


def test_same_source_twice_gets_distinct_ids(tmp_path: Path) -> None:
    """Two failures of one component at one scope are told apart by what breaks; exact twins by a count."""
    source = FIXTURE.read_text(encoding="utf-8")
    twin = "    - component: end\n      breaks: Reads fall through to the store.\n"
    copy = source.replace(twin, twin.replace("Reads fall through", "Every read falls through") + "      detection: x\n"
                          "      recovery: y\n      data_loss: z\n" + twin, 1)
    ids = [c.id for c in fixture_cards(copy, tmp_path) if c.kind == "failure"]
    assert ids[:2] == ["tricky-cache/failure/end-component-every-read-falls-through-to-the",
                       "tricky-cache/failure/end-component-reads-fall-through-to-the-store"]
    assert [c.id for c in cards.unique([*fixture_cards()[:1], *fixture_cards()[:1]])] == [
        "tricky-cache/level/mid", "tricky-cache/level/mid-2"]


def test_cards_script_is_one_ascii_global(site: Site, all_cards: list[cards.Card]) -> None:
    text = cards.script(all_cards, cards.decks(site.problems))
    assert text.isascii() and "<" not in text and text.startswith("window.SDG_CARDS = ") and text.endswith(";\n")
    data = json.loads(text.removeprefix("window.SDG_CARDS = ").removesuffix(";\n"))
    assert [c["id"] for c in data["cards"]] == [c.id for c in all_cards]
    assert data["decks"][-1] == {"id": "reference", "title": "Reference", "tags": []}
    assert {k["id"] for k in data["kinds"]} == {c.kind for c in all_cards}
    tags = {d["id"]: d["tags"] for d in data["decks"]}
    assert all(tuple(tags[c.deck]) == c.tags for c in all_cards)
    assert [c.id for c in all_cards if c.key] == [c["id"] for c in data["cards"] if c.get("key")]


def test_review_page_counts_every_card(site: Site, all_cards: list[cards.Card]) -> None:
    page = site.pages()[review.PAGE]
    assert f"{len(all_cards)} cards" in page
    problems = sum(1 for c in all_cards if c.deck != cards.REFERENCE)
    assert f"| **All problems** | **{problems}** |" in page
    for src in review.SCRIPTS:
        assert f'<script src="{src}" defer></script>' in page


def test_review_assets_load_only_on_the_review_page(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        uses = "js/review.js" in html or "css/review.css" in html or "ts-fsrs" in html
        assert uses == (page.relative_to(built_site).as_posix() == "review.html"), page


def test_every_card_links_to_an_existing_anchor(built_site: Path, all_cards: list[cards.Card]) -> None:
    ids: dict[str, set[str]] = {}
    for card in all_cards:
        path, _, fragment = card.href.partition("#")
        if path not in ids:
            html = (built_site / path).read_text(encoding="utf-8")
            ids[path] = set(re.findall(r'\bid="([^"]+)"', html))
        assert not fragment or fragment in ids[path], card.href



def test_contributing_names_real_card_ids(all_cards: list[cards.Card]) -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("### What the flashcards make of your file"):text.index("### A complete example")]
    named = re.findall(r"`([a-z0-9-]+/[a-z-]+/[a-z0-9_-]+)`", section)
    assert len(named) == 3 and set(named) <= {c.id for c in all_cards}


def test_the_vendored_scheduler_is_the_pinned_ts_fsrs() -> None:
    from refresh_vendor import TS_FSRS_VERSION

    bundle = (ROOT / "docs" / "js" / "vendor" / "ts-fsrs.umd.js").read_text(encoding="utf-8")
    assert f'const version="{TS_FSRS_VERSION}"' in bundle and "factory(global.FSRS = {})" in bundle
    assert (ROOT / "docs" / "js" / "vendor" / "ts-fsrs.LICENSE").read_text(encoding="utf-8").startswith("MIT License")
