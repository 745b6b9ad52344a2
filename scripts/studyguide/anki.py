"""The Anki deck: every card as an .apkg, one sub-deck per problem plus the reference deck.

genanki builds the collection; this module makes it reproducible. Deck and note
type ids are fixed numbers derived from their names, each note's GUID comes from
its card's stable id (so importing a newer deck updates notes instead of adding
copies), every timestamp is the given epoch (the last commit's time), and the zip
is written with fixed entry times, modes and order. Same commit, same bytes.

Card text is escaped here: it comes from problem files anyone may send.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

import genanki

from .cards import KINDS, Card, Deck, Line
from .compute import slugify

ROOT_DECK = "System Design Study Guide"
MODEL_ID = 1_607_392_319  # fixed forever: Anki matches note types by id
MODEL_NAME = "System design study guide card"
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can hold

FIELDS = ["Id", "Context", "Front", "Prompt", "Given", "Back", "Source"]
QUESTION = """<div class="sdg-context">{{Context}}</div>
<div class="sdg-front">{{Front}}</div>
{{#Prompt}}<div class="sdg-prompt">{{Prompt}}</div>{{/Prompt}}
{{#Given}}<div class="sdg-given">{{Given}}</div>{{/Given}}"""
ANSWER = """{{FrontSide}}
<hr id="answer">
<div class="sdg-back">{{Back}}</div>
{{#Source}}<div class="sdg-source">{{Source}}</div>{{/Source}}"""
# Light by default; Anki puts `nightMode` on the card in dark mode (`night_mode` in older clients).
CSS = """.card { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 18px;
  line-height: 1.5; text-align: left; color: #1f2328; background-color: #ffffff; }
.sdg-context, .sdg-front, .sdg-prompt, .sdg-given, .sdg-back, .sdg-source { max-width: 40rem; margin-left: auto; margin-right: auto; }
.sdg-context { font-size: 0.8em; color: #59636e; }
.sdg-front { font-size: 1.25em; font-weight: 600; margin-top: 0.3em; }
.sdg-prompt { margin-top: 0.4em; color: #3d4b5c; font-style: italic; }
.sdg-given { margin-top: 0.8em; padding: 0.5em 0.8em; border-left: 4px solid #4051b5; background-color: #f3f4fb; }
.sdg-line { margin: 0.35em 0; }
.sdg-label { font-weight: 600; }
.sdg-back ul { margin: 0.4em 0; padding-left: 1.3em; }
.sdg-source { margin-top: 1.2em; font-size: 0.8em; color: #59636e; }
.sdg-source a { color: #3949ab; }
.card.nightMode, .night_mode .card, .card.night_mode { color: #e6edf3; background-color: #1e1f22; }
.nightMode .sdg-context, .nightMode .sdg-source, .night_mode .sdg-context, .night_mode .sdg-source { color: #a5afba; }
.nightMode .sdg-prompt, .night_mode .sdg-prompt { color: #c4ccd6; }
.nightMode .sdg-given, .night_mode .sdg-given { background-color: #2a2c33; border-left-color: #8c9eff; }
.nightMode .sdg-source a, .night_mode .sdg-source a { color: #9fa8ff; }
"""


def stable_id(name: str) -> int:
    """A deck id from its name: the same name always gives the same id (in Anki's usual range)."""
    digest = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


def model() -> genanki.Model:
    return genanki.Model(MODEL_ID, MODEL_NAME, fields=[{"name": f} for f in FIELDS],
                         templates=[{"name": "Recall", "qfmt": QUESTION, "afmt": ANSWER}], css=CSS)


def lines_html(lines: tuple[Line, ...]) -> str:
    """Labelled lines as paragraphs, unlabelled ones as a list; every text escaped."""
    out, bullets = [], []
    for label, text in lines:
        if not label:
            bullets.append(f"<li>{html.escape(text)}</li>")
            continue
        if bullets:
            out.append("<ul>" + "".join(bullets) + "</ul>")
            bullets = []
        out.append(f'<div class="sdg-line"><span class="sdg-label">{html.escape(label)}:</span> {html.escape(text)}</div>')
    if bullets:
        out.append("<ul>" + "".join(bullets) + "</ul>")
    return "".join(out)


def source_html(card: Card, site_url: str) -> str:
    if site_url:
        href = html.escape(site_url.rstrip("/") + "/" + card.href, quote=True)
        return f'<a href="{href}">Read it in the study guide</a>'
    return "In the study guide: " + html.escape(card.href)


def note(card: Card, context: str, site_url: str, notes_model: genanki.Model, position: int) -> genanki.Note:
    """One note; `position` orders new cards as the pages do."""
    tags = [f"sdg::{card.deck}", f"sdg::{card.kind}", *(slugify(t) for t in card.tags)]
    if card.key:
        tags.append("sdg::interview-cut")
    fields = [html.escape(card.id), html.escape(context), html.escape(card.front), html.escape(card.prompt),
              lines_html(card.given), lines_html(card.back), source_html(card, site_url)]
    return genanki.Note(model=notes_model, fields=fields, tags=tags, guid=genanki.guid_for(card.id), due=position)


def anki_decks(cards: list[Card], decks: list[Deck], site_url: str = "") -> list[genanki.Deck]:
    """The root deck, then one sub-deck per deck of cards, in order."""
    notes_model = model()
    out = [genanki.Deck(stable_id(ROOT_DECK), ROOT_DECK, description="Flashcards generated from the study guide's problems and reference data.")]
    by_deck: dict[str, list[tuple[int, Card]]] = {}
    for position, card in enumerate(cards):
        by_deck.setdefault(card.deck, []).append((position, card))
    for deck in decks:
        name = f"{ROOT_DECK}::{deck.title.replace('::', ':')}"
        target = genanki.Deck(stable_id(f"{ROOT_DECK}::{deck.id}"), name)
        for position, card in by_deck.get(deck.id, []):
            target.add_note(note(card, f"{deck.title} · {KINDS[card.kind]}", site_url, notes_model, position))
        out.append(target)
    return out


def collection(decks: list[genanki.Deck], epoch: int) -> bytes:
    """The SQLite collection genanki writes, with every timestamp and id taken from `epoch`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(path)
        try:
            genanki.Package(decks).write_to_db(conn.cursor(), float(epoch), itertools.count(epoch * 1000))
            conn.commit()
        finally:
            conn.close()
        return path.read_bytes()


def package(decks: list[genanki.Deck], epoch: int) -> bytes:
    """The .apkg bytes: the collection and an empty media list, zipped with fixed metadata."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "deck.apkg"
        with zipfile.ZipFile(target, "w") as archive:
            for name, data in (("collection.anki2", collection(decks, epoch)), ("media", json.dumps({}).encode())):
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=9)
        return target.read_bytes()


def write_deck(cards: list[Card], decks: list[Deck], target: Path, epoch: int, site_url: str = "") -> None:
    """Write the .apkg atomically: a half-written deck never replaces a good one."""
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(package(anki_decks(cards, decks, site_url), epoch))
    partial.replace(target)
