"""Stage 3: everything a page shows that is computed, not typed.

`page_context` turns a validated problem into the plain values the templates
lay out: pacing, estimate rows, diagrams, resolved citations and tradeoff
sentences. Templates never compute; they only format what is here.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import diagrams
from .escape import Raw, anchor
from .estimate import Row
from .framework import pacing
from .model import COMPONENT_KINDS, MINUTES, Component, Problem, Stage
from .reference import Framework
from .validate import Valid


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
        table[row.id] = Cite(f"{row.label} ({row.figure or row.value})", Raw(base + "#" + anchor("est", row.id)))
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


def decision(trade: Any) -> dict[str, Any]:
    """The parts of 'X over Y because ...; the cost is ...; we mitigate it by ...'."""
    others = [o for o in trade.options if o != trade.choice]
    return {
        "trade": trade,
        "choice": trade.choice,
        "over": " and ".join(others),
        "because": trade.because.rstrip("."),
        "cost": trade.cost.rstrip("."),
        "mitigation": trade.mitigation.rstrip("."),
    }


def kind_links(page: str) -> dict[str, Raw]:
    return {kind: relative(page, kind_page(kind)) for kind in COMPONENT_KINDS}


def page_context(valid: Valid, framework: Framework, page: str | None = None) -> dict[str, Any]:
    """Context for a problem page, or for parts of it included in another `page`."""
    problem, rows = valid.problem, valid.rows
    home = problem_page(problem.slug)
    page = page or home
    base = "" if page == home else relative(page, home)
    minutes = MINUTES[problem.difficulty]
    components = {c.id: c for c in problem.architecture.components}
    return {
        "p": problem,
        "minutes": minutes,
        "pacing": pacing(framework, minutes),
        "sections": {s.id: s for s in framework.sections},
        "inputs": [r for r in rows if not r.derived],
        "derived": [r for r in rows if r.derived],
        "cite": citations(problem, rows, base),
        "legend": diagrams.legend(c.kind for c in problem.architecture.components),
        "kind_label": diagrams.KIND_LABELS,
        "kind_href": kind_links(page),
        "stages": stage_views(problem.architecture.components, problem.architecture.stages),
        "components": components,
        "traces": [{"trace": t, "diagrams": diagrams.trace_diagrams(t, components)} for t in problem.architecture.traces],
        "decisions": [decision(t) for t in problem.tradeoffs],
    }
