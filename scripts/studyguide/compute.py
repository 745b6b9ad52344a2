"""Stage 3: everything a page shows that is computed, not typed.

`page_context` turns a validated problem into the plain values the templates
lay out: pacing, estimate rows, diagrams, resolved citations and tradeoff
sentences. Templates never compute; they only format what is here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import diagrams, practice
from .decisions import decisions
from .escape import Raw, anchor, compute_span, markdown
from .estimate import Row
from .framework import pacing
from .model import COMPONENT_KINDS, GRADES, MINUTES, Component, Problem, Stage
from .prose import plain
from .validate import Valid

if TYPE_CHECKING:
    from .data import SiteData

MATRIX_PAGE = "problems/tradeoffs.md"
GLOSSARY_PAGE = "glossary.md"


@dataclass(frozen=True)
class Cite:
    label: str
    href: Raw


def relative(from_page: str, to_page: str, fragment: str = "") -> Raw:
    """Link from one docs page to another (both relative to docs/), optionally to an anchor."""
    link = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return Raw(f"{link}#{fragment}" if fragment else link)


def problem_page(slug: str) -> str:
    return f"problems/{slug}.md"


def kind_page(kind: str) -> str:
    return f"components/{kind.replace('_', '-')}.md"


def citations(problem: Problem, rows: list[Row], base: str) -> dict[str, Cite]:
    """Every citable id -> the link text and target used wherever it is cited."""
    req = problem.requirements
    table = {r.id: Cite(r.id, Raw(base + "#" + anchor("req", r.id))) for r in [*req.functional, *req.non_functional]}
    for row in rows:
        shown = compute_span(row.id, row.figure, "figure") if row.figure else compute_span(row.id, row.value)
        table[row.id] = Cite(Raw(f"{markdown(row.label)} ({shown})"), Raw(base + "#" + anchor("est", row.id)))
    return table


def stage_views(components: Sequence[Component], stages: Sequence[Stage]) -> list[dict[str, Any]]:
    """Each stage as a cumulative diagram: all components so far, new ones emphasised."""
    by_id = {c.id: c for c in components}
    shown: list[str] = []
    flows: list[Any] = []
    views = []
    for stage in stages:
        shown += stage.adds
        dropped = {(f.source, f.to) for f in stage.drops}
        flows = [f for f in flows if (f.source, f.to) not in dropped] + list(stage.flows)
        drawn = [by_id[ref] for ref in shown]
        views.append({
            "stage": stage,
            "added": [by_id[ref] for ref in stage.adds],
            "diagram": diagrams.flowchart(drawn, flows, set(stage.adds)),
        })
    return views


def slugify(text: str, limit: int = 48) -> str:
    """Lowercase words joined by hyphens: a stable anchor from a title."""
    return re.sub(r"[^a-z0-9]+", "-", plain(text).lower()).strip("-")[:limit].rstrip("-") or "item"


def tradeoff_anchor(title: str) -> Raw:
    return anchor("tradeoff", slugify(title))


def dive_anchor(title: str) -> Raw:
    return anchor("dive", slugify(title))


def failure_anchor(index: int) -> Raw:
    return anchor("failure", str(index + 1))


def decision(trade: Any) -> dict[str, Any]:
    """A tradeoff as labelled lines: the choice over the others, because, cost, mitigation."""
    return {
        "trade": trade,
        "choice": trade.choice,
        "over": [o for o in trade.options if o != trade.choice],
        "anchor": tradeoff_anchor(trade.title),
    }


SCOPES = {"component": "", "zone": "zone loss", "store": "data store lost", "region": "region lost"}


def interview_cut(problem: Problem, rows: list[Row], views: list[dict[str, Any]], slots: list[Any]) -> dict[str, Any]:
    """What to say in the room, phase by phase: only the items flagged `key: true`."""
    key_rows = {d.id for d in problem.estimation.derived if d.key}
    stage = next(((i, v) for i, v in enumerate(views) if v["stage"].key), None)
    failure = next(((i, f) for i, f in enumerate(problem.wrapup.failures) if f.key), None)
    return {
        "slots": {slot.section.id: slot for slot in slots},
        "questions": [c for c in problem.requirements.clarifying if c.key],
        "numbers": [r for r in rows if r.id in key_rows],
        "stage": stage,
        "shown": [c.name for v in views[: stage[0] + 1] for c in v["added"]] if stage else [],
        "dives": [d for d in problem.deep_dives.dives if d.key],
        "tradeoff": next((decision(t) for t in problem.tradeoffs if t.key), None),
        "failure": failure,
    }


def kind_links(page: str) -> dict[str, Raw]:
    return {kind: relative(page, kind_page(kind)) for kind in COMPONENT_KINDS}


def page_context(valid: Valid, data: SiteData, page: str | None = None, titles: dict[str, str] | None = None) -> dict[str, Any]:
    """Context for a problem page, or for parts of it included in another `page`.

    `titles` maps every problem's slug to its title, for the related-problems links."""
    framework = data.framework
    problem, rows = valid.problem, valid.rows
    home = problem_page(problem.slug)
    page = page or home
    base = "" if page == home else relative(page, home)
    minutes = MINUTES[problem.difficulty]
    components = {c.id: c for c in problem.architecture.components}
    slots = pacing(framework, minutes)
    stages = stage_views(problem.architecture.components, problem.architecture.stages)
    points = decisions(problem, rows)
    return {
        "p": problem,
        "home_href": base,
        "minutes": minutes,
        "pacing": slots,
        "sections": {s.id: s for s in framework.sections},
        "inputs": [r for r in rows if not r.derived],
        "derived": [r for r in rows if r.derived],
        "decision_points": points,
        "cite": citations(problem, rows, base),
        "legend": diagrams.legend(c.kind for c in problem.architecture.components),
        "kind_label": diagrams.KIND_LABELS,
        "kind_href": kind_links(page),
        "stages": stages,
        "components": components,
        "traces": [{"trace": t, "diagrams": diagrams.trace_diagrams(t, components)} for t in problem.architecture.traces],
        "decisions": [decision(t) for t in problem.tradeoffs],
        "cut": interview_cut(problem, rows, stages, slots),
        "grades": GRADES,
        "scopes": SCOPES,
        "dive_anchor": dive_anchor,
        "classics": {t.id: t for t in data.tradeoffs.tradeoffs},
        "classic_href": relative(page, MATRIX_PAGE),
        "related": [{"title": (titles or {}).get(r.slug, r.slug), "href": relative(page, problem_page(r.slug)), "why": r.why}
                    for r in problem.related],
        "failure_anchor": failure_anchor,
        "live": practice.live,
        "practice": practice.page_assets(problem, rows, points, slots, data, home),
    }
