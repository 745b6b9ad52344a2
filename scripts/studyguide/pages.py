"""Whole generated pages besides the problems: indexes and component pages.

Each function returns the template context for one page; `generated_pages`
renders them all into `{docs path: markdown}`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import diagrams, practice
from .compute import GLOSSARY_PAGE, MATRIX_PAGE, citations, kind_page, page_context, problem_page, relative, tradeoff_anchor
from .data import SiteData
from .model import COMPONENT_KINDS, MINUTES
from .render import render
from .validate import Valid

DIFFICULTY_TITLES = {"warm-up": "Warm-up", "core": "Core", "advanced": "Advanced"}


def problems_index(valid: list[Valid]) -> dict[str, Any]:
    groups = []
    for difficulty, minutes in MINUTES.items():
        problems = sorted((v.problem for v in valid if v.problem.difficulty == difficulty), key=lambda p: p.title)
        if problems:
            groups.append({"title": DIFFICULTY_TITLES[difficulty], "minutes": minutes, "problems": problems})
    return {"groups": groups, "focus_href": relative("problems/index.md", "problems/focus.md"),
            "status": practice.status_cell, "practice": practice.index_assets("problems/index.md")}


def focus_index(valid: list[Valid]) -> dict[str, Any]:
    tags: dict[str, list[Any]] = {}
    for item in valid:
        for tag in item.problem.focus:
            tags.setdefault(tag, []).append(item.problem)
    return {"tags": [{"tag": t, "problems": sorted(ps, key=lambda p: p.title)} for t, ps in sorted(tags.items())]}


def uses(valid: list[Valid], kind: str, page: str) -> list[dict[str, Any]]:
    """Every problem component of `kind`, with the reason that problem gave."""
    out = []
    for item in sorted(valid, key=lambda v: v.problem.title):
        for component in item.problem.architecture.components:
            if component.kind == kind:
                out.append({"problem": item.problem, "component": component,
                            "href": relative(page, problem_page(item.problem.slug), "architecture")})
    return out


def component_page(data: SiteData, valid: list[Valid], kind: str) -> dict[str, Any]:
    page = kind_page(kind)
    guide = next(c for c in data.components.components if c.kind == kind)
    return {"guide": guide, "uses": uses(valid, kind, page),
            "diagram": diagrams.legend([kind]), "index_href": relative(page, "components/index.md")}


def components_index(data: SiteData, valid: list[Valid]) -> dict[str, Any]:
    page = "components/index.md"
    rows = [{"guide": g, "href": relative(page, kind_page(g.kind)), "count": len(uses(valid, g.kind, page))}
            for g in sorted(data.components.components, key=lambda g: COMPONENT_KINDS.index(g.kind))]
    return {"rows": rows, "legend": diagrams.legend(COMPONENT_KINDS)}


def instances(valid: list[Valid], page: str) -> dict[str, list[dict[str, Any]]]:
    """For each classic tradeoff id, every problem decision tagged as an instance of it."""
    out: dict[str, list[dict[str, Any]]] = {}
    for item in sorted(valid, key=lambda v: v.problem.title):
        home = relative(page, problem_page(item.problem.slug))
        cite = citations(item.problem, item.rows, home)
        for trade in item.problem.tradeoffs:
            if trade.classic is not None:
                out.setdefault(trade.classic.id, []).append({
                    "problem": item.problem, "trade": trade, "side": trade.classic.side,
                    "href": relative(page, problem_page(item.problem.slug), tradeoff_anchor(trade.title)),
                    "decided": [cite[ref] for ref in trade.decided_by],
                })
    return out


def tradeoff_matrix(data: SiteData, valid: list[Valid]) -> dict[str, Any]:
    found = instances(valid, MATRIX_PAGE)
    return {"classics": [{"classic": t, "rows": found.get(t.id, [])} for t in data.tradeoffs.tradeoffs],
            "chapter_href": relative(MATRIX_PAGE, "learn/deep-dives-and-tradeoffs.md", "classic-tradeoffs")}


def glossary_page(data: SiteData) -> dict[str, Any]:
    return {"terms": sorted(data.glossary.terms, key=lambda t: t.term.lower())}


def generated_pages(templates: Path, data: SiteData, valid: list[Valid]) -> dict[str, str]:
    """Every generated page: problems, their indexes, and the component pages."""
    jobs: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
        "problems/index.md": ("index.md.j2", lambda: problems_index(valid)),
        "problems/focus.md": ("focus.md.j2", lambda: focus_index(valid)),
        "components/index.md": ("components_index.md.j2", lambda: components_index(data, valid)),
        MATRIX_PAGE: ("tradeoff_matrix.md.j2", lambda: tradeoff_matrix(data, valid)),
        GLOSSARY_PAGE: ("glossary.md.j2", lambda: glossary_page(data)),
    }
    titles = {item.problem.slug: item.problem.title for item in valid}
    for item in valid:
        jobs[problem_page(item.problem.slug)] = ("problem.md.j2", lambda item=item: page_context(item, data, titles=titles))  # type: ignore[misc]
    for kind in COMPONENT_KINDS:
        jobs[kind_page(kind)] = ("component.md.j2", lambda kind=kind: component_page(data, valid, kind))  # type: ignore[misc]
    return {path: render(templates, template, make()) for path, (template, make) in sorted(jobs.items())}
