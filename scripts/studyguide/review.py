"""The review page: spaced repetition of every card in the browser, and the Anki deck.

The page itself is Markdown like any generated page (an introduction, the keys,
the card counts); `docs/js/review.js` builds the review panel into it from the
cards, which travel as a classic script file (`review/cards.js`) because a page
opened from disk may not fetch JSON. The deck is built beside it, so the site
and the offline bundle offer it for download too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import anki
from .cards import ASSET, KINDS, REFERENCE, Card, Deck, counts, script
from .compute import problem_page, relative
from .render import render

PAGE = "review.md"
DECK = "review/study-guide.apkg"
PROBLEM_KINDS = ["level", "question", "estimate", "data", "dive", "tradeoff", "failure", "follow-up"]
SCRIPTS = ["js/store.js", "js/vendor/ts-fsrs.umd.js", ASSET, "js/review.js"]  # in this order: review.js uses the others


def page_context(all_cards: list[Card], all_decks: list[Deck]) -> dict[str, Any]:
    table = counts(all_cards, all_decks)
    problems = [{**row, "href": relative(PAGE, problem_page(row["deck"].id))} for row in table if row["deck"].id != REFERENCE]
    reference = next(row for row in table if row["deck"].id == REFERENCE)
    return {
        "total": len(all_cards),
        "problems": problems,
        "problem_kinds": [(k, KINDS[k]) for k in PROBLEM_KINDS],
        "reference": [(KINDS[k], n) for k, n in reference["kinds"].items() if k not in PROBLEM_KINDS],
        "reference_total": reference["total"],
        "per_kind": {k: sum(row["kinds"][k] for row in problems) for k in PROBLEM_KINDS},
        "problem_total": sum(row["total"] for row in problems),
        "deck_href": relative(PAGE, DECK),
        "stylesheet": relative(PAGE, "css/review.css"),
        "scripts": [relative(PAGE, s) for s in SCRIPTS],
    }


def markdown(templates: Path, all_cards: list[Card], all_decks: list[Deck]) -> dict[str, str]:
    """The review page, by docs path."""
    return {PAGE: render(templates, "review.md.j2", page_context(all_cards, all_decks))}


@lru_cache(maxsize=2)
def deck_bytes(all_cards: tuple[Card, ...], all_decks: tuple[Deck, ...], epoch: int, site_url: str) -> bytes:
    """The .apkg, built again only when a card changed (a server rebuilds after every save)."""
    return anki.package(anki.anki_decks(list(all_cards), list(all_decks), site_url), epoch)


def assets(all_cards: list[Card], all_decks: list[Deck], epoch: int, site_url: str = "") -> dict[str, str | bytes]:
    """The files the review page loads or links: the cards as a script, and the Anki deck."""
    return {ASSET: script(all_cards, all_decks), DECK: deck_bytes(tuple(all_cards), tuple(all_decks), epoch, site_url)}


def deck_maker(all_cards: list[Card], all_decks: list[Deck], epoch: int, site_url: str = "") -> Callable[[], bytes]:
    """`assets`' deck, to be made later (a preview server writes it after the build)."""
    return functools.partial(deck_bytes, tuple(all_cards), tuple(all_decks), epoch, site_url)
