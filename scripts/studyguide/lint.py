"""Style warnings: the page can be built, but it falls short of the content rubric.

Each rule is a small generator yielding `(path, message, code)` for one
problem; `boilerplate` looks across problems for paragraphs used verbatim in
more than one. Warnings never stop a build on their own; `--strict` (and the
site's strict build) turns them into errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from .errors import Path
from .model import Problem

Found = tuple[Path, str, str]
MIN_WORDS = 12


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


RULES: list[Callable[[Problem], Iterator[Found]]] = [
    unexplained_estimates, ungrounded_recommendations, undetected_failures, unsafe_retries,
]


def lint(problem: Problem) -> list[Found]:
    return [found for rule in RULES for found in rule(problem)]


def paragraphs(node: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every text field of a model with at least MIN_WORDS words, with its path (by alias)."""
    if isinstance(node, BaseModel):
        for name, field in type(node).model_fields.items():
            yield from paragraphs(getattr(node, name), (*path, field.alias or name))
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from paragraphs(item, (*path, index))
    elif isinstance(node, str) and len(node.split()) >= MIN_WORDS:
        yield path, node


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def boilerplate(problems: list[tuple[str, Problem]]) -> list[tuple[str, Path, str, str]]:
    """(slug, path, message, code) for every paragraph that also appears verbatim in another problem."""
    seen: dict[str, list[tuple[str, Path]]] = {}
    for slug, problem in problems:
        for path, text in paragraphs(problem):
            seen.setdefault(normalise(text), []).append((slug, path))
    out = []
    for places in seen.values():
        slugs = {slug for slug, _ in places}
        if len(slugs) < 2:
            continue
        for slug, path in places:
            others = ", ".join(sorted(s for s in slugs if s != slug))
            out.append((slug, path, f"this paragraph is used verbatim in {others}: write it for this problem", "SDG504"))
    return out
