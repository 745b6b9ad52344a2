"""Whole generated pages besides the problems: indexes and component pages.

Each function returns the template context for one page; `generated_pages`
renders them all into `{docs path: markdown}`.
"""

from __future__ import annotations

import html
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
NAV_RUN = 30  # the most problem links one sidebar group holds


def runs(count: int, most: int = NAV_RUN) -> list[range]:
    """`count` positions cut into as few runs of at most `most` as possible, sizes within one of each other."""
    parts = -(-count // most)
    return [range(count * i // parts, count * (i + 1) // parts) for i in range(parts)]


def problem_groups(valid: list[Valid]) -> list[object]:
    """Sidebar entries for the problems: one group per difficulty, by title.

    Material's navigation.prune writes only the open group into a page, so each page
    carries its own group's links, not every problem. A difficulty with more than
    NAV_RUN problems is split into numbered runs ("1–30", "31–60"), so no page carries
    more than NAV_RUN problem links however many problems there are and the build stays
    linear; the problems index lists them all.
    """
    groups: list[object] = []
    for difficulty, minutes in MINUTES.items():
        items = sorted((v.problem for v in valid if v.problem.difficulty == difficulty), key=lambda p: p.title)
        # Navigation titles are written into every page as HTML: escape them here.
        links: list[dict[str, Any]] = [{html.escape(p.title): problem_page(p.slug)} for p in items]
        if len(links) > NAV_RUN:
            links = [{f"{run.start + 1}–{run.stop}": links[run.start:run.stop]} for run in runs(len(links))]
        if links:
            groups.append({f"{DIFFICULTY_TITLES[difficulty]} ({minutes} min)": links})
    return groups


def navigation(data: SiteData, valid: list[Valid]) -> dict[str, list[object]]:
    """Navigation entries for the generated parts, by the nav entry they replace."""
    titles: dict[str, str] = {g.kind: g.title for g in data.components.components}
    problems: list[object] = ["problems/index.md", *problem_groups(valid), {"By focus": "problems/focus.md"},
                              {"Tradeoffs across problems": MATRIX_PAGE}]
    components: list[object] = ["components/index.md", *({titles[k]: kind_page(k)} for k in COMPONENT_KINDS)]
    return {"problems/index.md": problems, "components/index.md": components}


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


def problem_markdown(templates: Path, data: SiteData, item: Valid, titles: dict[str, str]) -> str:
    """One problem's page: it depends on that problem, the data files, the templates and the problems' titles only."""
    return render(templates, "problem.md.j2", page_context(item, data, titles=titles))


def listed(item: Valid) -> tuple[object, ...]:
    """Everything the pages listing problems (`site_pages`) read from one problem.

    A server rebuilding after a save renders those pages again only when this changed
    for some problem (tests check that nothing else of a problem reaches them).
    """
    p = item.problem
    return p.slug, p.title, p.difficulty, p.focus, p.architecture.components, p.requirements, p.tradeoffs, item.rows


def site_pages(templates: Path, data: SiteData, valid: list[Valid]) -> dict[str, str]:
    """The pages that list problems: the problem indexes and the component pages."""
    jobs: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
        "problems/index.md": ("index.md.j2", lambda: problems_index(valid)),
        "problems/focus.md": ("focus.md.j2", lambda: focus_index(valid)),
        "components/index.md": ("components_index.md.j2", lambda: components_index(data, valid)),
        MATRIX_PAGE: ("tradeoff_matrix.md.j2", lambda: tradeoff_matrix(data, valid)),
        GLOSSARY_PAGE: ("glossary.md.j2", lambda: glossary_page(data)),
    }
    for kind in COMPONENT_KINDS:
        jobs[kind_page(kind)] = ("component.md.j2", lambda kind=kind: component_page(data, valid, kind))  # type: ignore[misc]
    return {path: render(templates, template, make()) for path, (template, make) in jobs.items()}


def generated_pages(templates: Path, data: SiteData, valid: list[Valid]) -> dict[str, str]:
    """Every generated page: problems, their indexes, and the component pages."""
    pages = site_pages(templates, data, valid)
    titles = {item.problem.slug: item.problem.title for item in valid}
    pages.update((problem_page(item.problem.slug), problem_markdown(templates, data, item, titles)) for item in valid)
    return dict(sorted(pages.items()))
