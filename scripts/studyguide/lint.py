"""Style warnings: the page can be built, but it falls short of the content rubric.

Each rule is a small generator yielding `(path, message, code)` for one
problem; `boilerplate` looks across problems for paragraphs used verbatim in
more than one. Warnings never stop a build on their own; `--strict` (and the
site's strict build) turns them into errors.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from .errors import Path
from .estimate import Row
from .model import Problem
from .prose import prose_fields

Found = tuple[Path, str, str]
MIN_WORDS = 12
MAX_SENTENCE_WORDS = 40
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[{])")
TYPED = re.compile(r"(?<![\w.,{])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?([KMBT])(?![A-Za-z]))?(?:\s?([KMGTPE]?B)(?![A-Za-z]))?")
SCALE = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12, "G": 1e9, "P": 1e15, "E": 1e18}
NAMED = 5  # other problems named in a boilerplate warning


def unexplained_estimates(problem: Problem) -> Iterator[Found]:
    for i, row in enumerate(problem.estimation.derived):
        if not row.implies:
            yield ("estimation", "derived", i, "implies"), f"'{row.id}' implies nothing: say which design decision this number forces, or drop it", "SDG501"


def ungrounded_recommendations(problem: Problem) -> Iterator[Found]:
    for i, dive in enumerate(problem.deep_dives.dives):
        if not dive.recommendation.cites:
            yield ("deep_dives", "dives", i, "recommendation", "cites"), "the recommendation cites no requirement: name the requirement it serves (e.g. [N2])", "SDG502"


def undetected_failures(problem: Problem) -> Iterator[Found]:
    for i, failure in enumerate(problem.wrapup.failures):
        if not failure.detection:
            yield ("wrapup", "failures", i, "detection"), "say how this failure is detected (metric, alert or health check)", "SDG503"


def unsafe_retries(problem: Problem) -> Iterator[Found]:
    for i, endpoint in enumerate(problem.api.endpoints):
        if endpoint.method == "POST" and not endpoint.idempotency:
            yield ("api", "endpoints", i, "idempotency"), "a POST is not idempotent by itself: add an idempotency key saying how a retried request is made safe", "SDG505"


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(re.sub(r"\s+", " ", text).strip()) if s]


def too_long(sentence: str) -> str:
    """The SDG506 message for a sentence over the limit, or '' when it is short enough."""
    words = sentence.split()
    if len(words) <= MAX_SENTENCE_WORDS:
        return ""
    return f"a sentence of {len(words)} words ('{' '.join(words[:8])} ...'): split it, at most {MAX_SENTENCE_WORDS} words"


def long_prose(model: BaseModel) -> Iterator[Found]:
    """Sentences over the limit in any prose field of a problem or a data file."""
    for path, text in prose_fields(model):
        for sentence in sentences(text):
            message = too_long(sentence)
            if message:
                yield path, message, "SDG506"


def long_sentences(problem: Problem) -> Iterator[Found]:
    yield from long_prose(problem)


RULES: list[Callable[[Problem], Iterator[Found]]] = [
    unexplained_estimates, ungrounded_recommendations, undetected_failures, unsafe_retries, long_sentences,
]


def lint(problem: Problem) -> list[Found]:
    return [found for rule in RULES for found in rule(problem)]


def paragraphs(node: Any) -> Iterator[tuple[Path, str]]:
    """Every prose field of a model with at least MIN_WORDS words, with its path (by alias).

    Code, formulas and raw Mermaid are not prose: the same query or formula in two
    problems is not a copied paragraph."""
    return ((path, text) for path, text in prose_fields(node) if len(text.split()) >= MIN_WORDS)


def normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def fingerprints(problem: Problem) -> dict[str, list[Path]]:
    """A problem's paragraphs, normalised for comparison, each with where it appears: its share of `repeated`."""
    found: dict[str, list[Path]] = {}
    for path, text in paragraphs(problem):
        found.setdefault(normalise(text), []).append(path)
    return found


def boilerplate(problems: list[tuple[str, Problem]]) -> list[tuple[str, Path, str, str]]:
    """(slug, path, message, code) for every paragraph that also appears verbatim in another problem."""
    return repeated([(slug, fingerprints(problem)) for slug, problem in problems])


def repeated(texts: Iterable[tuple[str, dict[str, list[Path]]]]) -> list[tuple[str, Path, str, str]]:
    """`boilerplate` over fingerprints: paragraphs counted once each, so linear in their number.

    Problems are compared through a count of the problems holding each paragraph,
    never pairwise; a message names at most NAMED of the other problems, so a
    paragraph copied into every problem costs one line per copy.
    """
    texts = list(texts)
    holders: Counter[str] = Counter()
    for _, found in texts:
        holders.update(found.keys())
    common = {text for text, count in holders.items() if count > 1}
    shared: dict[str, list[str]] = {}
    for slug, found in texts:
        if not common.isdisjoint(found):
            for text in (t for t in found if t in common):
                shared.setdefault(text, []).append(slug)
    out = []
    for slug, found in texts:
        if common.isdisjoint(found):
            continue
        for text in (t for t in found if t in common):
            message = f"this paragraph is used verbatim in {_others(shared[text], slug)}: write it for this problem"
            out += [(slug, path, message, "SDG504") for path in found[text]]
    return out


def _significant(digits: str) -> int:
    """Significant figures as typed: '17.4' -> 3, '1,500' -> 2, '500' -> 1."""
    bare = digits.replace(",", "")
    whole = bare.rstrip("0") if "." not in bare else bare.replace(".", "")
    return max(1, len(whole.lstrip("0")))


def _figures(text: str) -> Iterator[tuple[str, float, bool, int]]:
    """(as typed, magnitude, is bytes, significant figures) for numbers with a scale or unit, or above 999."""
    for m in TYPED.finditer(text):
        digits, suffix, unit = m.group(1), m.group(2) or "", m.group(3) or ""
        value = float(digits.replace(",", "")) * SCALE[suffix] * (SCALE[unit[:-1]] if unit else 1.0)
        if suffix or unit or value >= 1000:
            yield m.group(0).strip(), value, bool(unit), _significant(digits)


def _matches(typed: float, sig: int, computed: float) -> bool:
    if computed == 0:
        return False
    if abs(typed - computed) <= 1e-9 * abs(computed):
        return True
    rounded = round(computed, sig - 1 - math.floor(math.log10(abs(computed))))
    return sig >= 2 and abs(typed - rounded) <= 1e-9 * abs(computed)


def typed_figures(problem: Problem, rows: list[Row]) -> Iterator[Found]:
    """A number typed in prose that is a computed figure: it should be `{id}`, or it will drift."""
    counts_and_bytes = [row for row in rows if row.derived and not row.unit.strip().startswith("s")]
    computed = [(row, value, is_bytes) for row in counts_and_bytes for _, value, is_bytes, _ in list(_figures(row.value))[:1]]
    for path, text in prose_fields(problem):
        for typed, value, is_bytes, sig in _figures(text):
            row = next((r for r, c, b in computed if b == is_bytes and _matches(value, sig, c)), None)
            if row is not None:
                yield path, f"'{typed}' is the computed {row.label} ({row.value}): write {{{row.id}}} so the text follows the estimate", "SDG507"


def _others(slugs: list[str], slug: str) -> str:
    """The sorted `slugs` other than `slug`, at most NAMED of them by name."""
    others = [s for s in slugs[: NAMED + 1] if s != slug][:NAMED]
    more = len(slugs) - 1 - len(others)
    return ", ".join(others) + (f" and {more} more" if more else "")
