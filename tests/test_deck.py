"""The Anki deck: readable by SQLite, the expected notes in the expected decks, the same bytes twice."""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
import subprocess
import sys
import warnings
import zipfile
from collections import Counter
from pathlib import Path

import genanki
import pytest
from conftest import ROOT
from studyguide import anki, cards
from studyguide.bundle import commit_time
from studyguide.pipeline import Layout, Site, load_site
from studyguide.validate import validate_files

EPOCH = 1_767_225_600  # 2026-01-01
FIXTURE = ROOT / "tests" / "fixtures" / "golden" / "problems" / "tricky-cache.yaml"
TAGS = re.compile(r"</?([a-z]+)\b")


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(Layout.at(ROOT))


@pytest.fixture(scope="module")
def deck(site: Site) -> tuple[list[cards.Card], list[cards.Deck], bytes]:
    all_cards, all_decks = cards.cards(site.problems, site.data), cards.decks(site.problems)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # genanki warns about unescaped HTML in a field
        data = anki.package(anki.anki_decks(all_cards, all_decks, "https://example.org/guide/"), EPOCH)
    return all_cards, all_decks, data


def opened(data: bytes, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
        assert json.loads(archive.read("media")) == {}
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(tmp_path / "collection.anki2")


def test_the_deck_holds_every_card_in_its_sub_deck(deck: tuple[list[cards.Card], list[cards.Deck], bytes], tmp_path: Path) -> None:
    all_cards, all_decks, data = deck
    db = opened(data, tmp_path)
    names = {int(i): d["name"] for i, d in json.loads(db.execute("SELECT decks FROM col").fetchone()[0]).items()}
    assert sorted(names.values()) == sorted(["Default", anki.ROOT_DECK, *(f"{anki.ROOT_DECK}::{d.title}" for d in all_decks)])
    per_deck = Counter(names[did] for (did,) in db.execute("SELECT did FROM cards"))
    assert per_deck == Counter({f"{anki.ROOT_DECK}::{d.title}": sum(1 for c in all_cards if c.deck == d.id) for d in all_decks})
    assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == len(all_cards)
    guids = {row[0] for row in db.execute("SELECT guid FROM notes")}
    assert guids == {genanki.guid_for(c.id) for c in all_cards}
    assert {row[0] for row in db.execute("SELECT mod FROM notes")} == {EPOCH}


def test_notes_carry_the_card_and_a_link(deck: tuple[list[cards.Card], list[cards.Deck], bytes], tmp_path: Path) -> None:
    all_cards, _, data = deck
    db = opened(data, tmp_path)
    model = next(iter(json.loads(db.execute("SELECT models FROM col").fetchone()[0]).values()))
    assert [f["name"] for f in model["flds"]] == anki.FIELDS
    assert ".card.nightMode" in model["css"] and ".night_mode" in model["css"]
    card = next(c for c in all_cards if c.id == "chat-system/tradeoff/store-once-per-conversation-or-copy-per-inbox")
    fields, tags = db.execute("SELECT flds, tags FROM notes WHERE guid = ?", (genanki.guid_for(card.id),)).fetchone()
    fields = fields.split("\x1f")
    assert fields[:3] == [card.id, "Design a chat system · Tradeoffs", "Store once per conversation, or copy per inbox"]
    assert '<span class="sdg-label">Choice:</span> Store once per conversation' in fields[5]
    assert fields[6] == f'<a href="https://example.org/guide/{card.href}">Read it in the study guide</a>'
    assert {"sdg::chat-system", "sdg::tradeoff", "fan-out"} <= set(tags.split())


def test_same_input_same_bytes(deck: tuple[list[cards.Card], list[cards.Deck], bytes]) -> None:
    all_cards, all_decks, data = deck
    again = anki.package(anki.anki_decks(all_cards, all_decks, "https://example.org/guide/"), EPOCH)
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(data).hexdigest()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_hostile_text_is_escaped_in_every_field(tmp_path: Path) -> None:
    valid, _ = validate_files([FIXTURE], ROOT)
    made = cards.problem_cards(valid[0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = anki.package(anki.anki_decks(made, [cards.Deck("tricky-cache", valid[0].problem.title)]), EPOCH)
    db = opened(data, tmp_path)
    names = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    assert f'{anki.ROOT_DECK}::Design a <script>alert("x")</script> cache | with "quotes" --> [brackets] and `ticks`' in {
        d["name"] for d in names.values()}
    fields = [f for (flds,) in db.execute("SELECT flds FROM notes") for f in flds.split("\x1f")]
    assert set(TAGS.findall("".join(fields))) <= {"div", "span", "ul", "li"}
    assert any("Names the &lt;store&gt; as the source of truth." in f for f in fields)
    assert any(f == "In the study guide: problems/tricky-cache.html#failure-3" for f in fields)


def test_guide_deck_writes_the_same_file_twice(tmp_path: Path) -> None:
    def deck(name: str) -> tuple[subprocess.CompletedProcess[str], bytes]:
        out = tmp_path / name
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "guide.py"), "deck", "--out", str(out)],
                                capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return result, out.read_bytes()

    first, data = deck("a.apkg")
    _, again = deck("b.apkg")
    assert data == again
    assert re.search(r"^Design a chat system: \d+ cards \(3 level expectations, ", first.stdout, re.M)
    assert re.search(r"^Reference: \d+ cards \(.*\d+ glossary", first.stdout, re.M)
    assert first.stdout.splitlines()[-1].startswith(f"wrote {tmp_path / 'a.apkg'} (")
    db = opened(data, tmp_path)
    assert {row[0] for row in db.execute("SELECT mod FROM cards")} == {commit_time(ROOT)}
    assert not list(tmp_path.glob("*.partial"))


def test_the_deck_is_published_beside_the_bundle() -> None:
    deploy = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert "guide.py deck --out study-guide.apkg" in deploy and "path: study-guide.apkg" in deploy
