"""Shared sentences: how much text the chapters repeat from the problem pages.

One fact belongs in one place. A chapter may quote a short excerpt of a problem
(a table, a diagram, a paragraph) but must not reprint its sections, or the
problem is spoiled for practice and the two copies drift apart. This measures
it on the rendered Markdown: the sentences of at least `LEAST` words that a
chapter shares with a problem page, compared after normalising case, markup
and punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from . import mdtext

LEAST = 8
CHAPTERS = ("index.md", "cheat-sheet.md", "learn/")


def normalise(sentence: str) -> str:
    return " ".join(re.sub(r"[^\w%+.-]+", " ", sentence.lower()).split()).strip(" .")


def sentences(markdown: str, least: int = LEAST) -> set[str]:
    """Normalised sentences of at least `least` words."""
    found = (normalise(s) for _, s in mdtext.sentences(markdown))
    return {s for s in found if len(s.split()) >= least}


def shared(pages: Mapping[str, str], slugs: Iterable[str], least: int = LEAST) -> dict[str, list[str]]:
    """{sentence: [chapter pages that print it]} for every sentence a chapter shares with a problem page."""
    problem_pages = {f"problems/{slug}.md" for slug in slugs}
    problem_text: set[str] = set()
    for page in sorted(problem_pages & set(pages)):
        problem_text |= sentences(pages[page], least)
    out: dict[str, list[str]] = {}
    for page in sorted(p for p in pages if p.startswith(CHAPTERS)):
        for sentence in sorted(sentences(pages[page], least) & problem_text):
            out.setdefault(sentence, []).append(page)
    return dict(sorted(out.items()))


def count(found: Mapping[str, list[str]]) -> int:
    """Chapter-sentence pairs: a sentence printed by two chapters counts twice."""
    return sum(len(pages) for pages in found.values())
