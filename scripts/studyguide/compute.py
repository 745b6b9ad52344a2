"""Stage 3: everything a problem page shows that is computed, not typed.

`page_context` turns a validated problem into the plain values the templates
lay out: pacing, estimate rows, diagrams, resolved citations and tradeoff
sentences. Templates never compute; they only format what is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import diagrams
from .escape import Raw, anchor
from .estimate import Row
from .framework import Framework, pacing
from .model import MINUTES, Problem, Tradeoff
from .validate import Valid


@dataclass(frozen=True)
class Cite:
    label: str
    href: Raw


def citations(problem: Problem, rows: list[Row]) -> dict[str, Cite]:
    """Every citable id -> the link text and target used wherever it is cited."""
    req = problem.requirements
    table = {r.id: Cite(r.id, Raw("#" + anchor("req", r.id))) for r in [*req.functional, *req.non_functional]}
    for row in rows:
        table[row.id] = Cite(f"{row.label} ({row.figure or row.value})", Raw("#" + anchor("est", row.id)))
    return table


def stage_views(problem: Problem) -> list[dict[str, Any]]:
    """Each stage as a cumulative diagram: all components so far, new ones emphasised."""
    arch = problem.architecture
    by_id = {c.id: c for c in arch.components}
    shown: list[str] = []
    flows: list[Any] = []
    views = []
    for stage in arch.stages:
        shown += stage.adds
        flows += stage.flows
        components = [by_id[ref] for ref in shown]
        views.append({
            "stage": stage,
            "added": [by_id[ref] for ref in stage.adds],
            "diagram": diagrams.flowchart(components, flows, set(stage.adds)),
        })
    return views


def decision(trade: Tradeoff) -> dict[str, Any]:
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


def page_context(valid: Valid, framework: Framework) -> dict[str, Any]:
    problem, rows = valid.problem, valid.rows
    minutes = MINUTES[problem.difficulty]
    components = {c.id: c for c in problem.architecture.components}
    return {
        "p": problem,
        "minutes": minutes,
        "pacing": pacing(framework, minutes),
        "sections": {s.id: s for s in framework.sections},
        "inputs": [r for r in rows if not r.derived],
        "derived": [r for r in rows if r.derived],
        "cite": citations(problem, rows),
        "legend": diagrams.legend(c.kind for c in problem.architecture.components),
        "kind_label": diagrams.KIND_LABELS,
        "stages": stage_views(problem),
        "components": components,
        "traces": [{"trace": t, "diagram": diagrams.sequence(t, components)} for t in problem.architecture.traces],
        "decisions": [decision(t) for t in problem.tradeoffs],
    }


def index_context(valid: list[Valid]) -> dict[str, Any]:
    groups = []
    for difficulty, minutes in MINUTES.items():
        problems = sorted((v.problem for v in valid if v.problem.difficulty == difficulty), key=lambda p: p.title)
        if problems:
            groups.append({"difficulty": difficulty, "minutes": minutes, "problems": problems})
    return {"groups": groups}
