"""The whole pipeline as plain functions: sources in, `{page path: markdown}` out.

MkDocs calls it from a hook; `guide.py render DIR` calls it to write files.
Nothing here knows about MkDocs, so the same Markdown can be built by
whatever replaces it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import glossary, mdtext, review
from .checks import one_of, unknown
from .compute import MATRIX_PAGE, kind_page, problem_page
from .data import SiteData, load_site_data
from .errors import Issue, UserError, internal_error
from .fragments import Sources, expand
from .lint import too_long
from .model import COMPONENT_KINDS, MINUTES
from .pages import DIFFICULTY_TITLES, generated_pages
from .validate import Valid, validate_files


@dataclass(frozen=True)
class Layout:
    """Where the pipeline reads from."""

    root: Path
    problems: tuple[Path, ...]
    templates: Path
    data: Path
    docs: Path

    @classmethod
    def at(cls, root: Path, extra_problems: Path | None = None) -> Layout:
        """The standard layout of a checkout, optionally with a folder of extra problems (tests, drafts)."""
        folders = (root / "problems",) + ((extra_problems,) if extra_problems else ())
        return cls(root, folders, root / "templates", root / "docs" / "data", root / "docs")

    def problem_files(self) -> list[Path]:
        return sorted(p for folder in self.problems for p in folder.glob("*.yaml"))

    def chapter_files(self) -> list[Path]:
        return sorted(p for p in self.docs.rglob("*.md") if self.data not in p.parents)


@dataclass(frozen=True)
class Site:
    """Everything validated and ready to render."""

    layout: Layout
    problems: list[Valid]
    data: SiteData
    warnings: tuple[Issue, ...] = ()
    left_out: tuple[Issue, ...] = ()  # errors of problems left out of a partial site

    @property
    def sources(self) -> Sources:
        return Sources(self.layout.templates, self.data, {v.problem.slug: v for v in self.problems})

    def pages(self) -> dict[str, str]:
        """Every generated page, by docs path. A crash becomes an internal-error issue for each problem that causes it."""
        try:
            return generated_pages(self.layout.templates, self.data, self.problems) | review.markdown(self.layout.templates, self.problems, self.data)
        except Exception as exc:
            raise UserError(self._render_culprits(exc)) from None

    def _render_culprits(self, exc: Exception) -> list[Issue]:
        """The problems whose pages cannot be rendered even alone (else the whole site is to blame)."""
        culprits = []
        for valid in self.problems:
            try:
                generated_pages(self.layout.templates, self.data, [valid])
            except Exception as alone:
                culprits.append(internal_error(valid.loaded.file, alone))
        return culprits or [internal_error(str(self.layout.templates.relative_to(self.layout.root)), exc)]

    def expand(self, markdown: str, page: str) -> str:
        """A hand-written page with its includes replaced; raises UserError on unknown names."""
        text, issues = expand(self.sources, markdown, page)
        if issues:
            raise UserError(issues)
        return text

    def nav_sections(self) -> dict[str, list[object]]:
        """Navigation entries for the generated parts: problems by difficulty, components."""
        groups: list[object] = ["problems/index.md"]
        for difficulty, minutes in MINUTES.items():
            items = sorted((v.problem for v in self.problems if v.problem.difficulty == difficulty), key=lambda p: p.title)
            if items:
                # Navigation titles are written into every page as HTML: escape them here.
                groups.append({f"{DIFFICULTY_TITLES[difficulty]} ({minutes} min)": [{html.escape(p.title): problem_page(p.slug)} for p in items]})
        groups.append({"By focus": "problems/focus.md"})
        groups.append({"Tradeoffs across problems": MATRIX_PAGE})
        titles: dict[str, str] = {g.kind: g.title for g in self.data.components.components}
        components: list[object] = ["components/index.md", *({titles[k]: kind_page(k)} for k in COMPONENT_KINDS)]
        return {"problems/index.md": groups, "components/index.md": components}


def load_site(layout: Layout, partial: bool = False) -> Site:
    """Validate every problem and data file; raise UserError when any has an error.

    Warnings do not stop the pipeline; they travel with the Site for the caller to report.
    With `partial` (a preview server's first build), problems with errors are left out and
    their errors travel with the Site too; broken data files still raise.
    """
    problems, issues = validate_files(layout.problem_files(), layout.root)
    try:
        data, data_issues = load_site_data(layout.data, layout.root, {p.stem for p in layout.problem_files()})
    except Exception as exc:  # a bug, not bad input: report it and keep every problem's report
        data, data_issues = None, [internal_error(str(layout.data.relative_to(layout.root)), exc)]
    issues = sorted(issues + data_issues + (instance_issues(problems, data) if data else []) + related_issues(problems))
    errors = [i for i in issues if i.is_error]
    warnings = [i for i in issues if not i.is_error]
    if data is not None and partial:
        return Site(layout, problems, data, tuple(warnings), tuple(errors))
    if errors or data is None:
        raise UserError(errors, warnings)
    return Site(layout, problems, data, tuple(warnings))


def instance_issues(problems: list[Valid], data: SiteData) -> list[Issue]:
    """A problem's tradeoff names an existing classic tradeoff, and one of its options as its side."""
    classics = {t.id: t for t in data.tradeoffs.tradeoffs}
    issues = []
    for valid in problems:
        for i, trade in enumerate(valid.problem.tradeoffs):
            if trade.classic is None:
                continue
            path = ("tradeoffs", i, "classic")
            classic = classics.get(trade.classic.id)
            if classic is None:
                issues.append(valid.loaded.issue((*path, "id"), unknown(trade.classic.id, "classic tradeoff", classics), "SDG202"))
            elif trade.classic.side not in classic.options:
                issues.append(valid.loaded.issue((*path, "side"), one_of(trade.classic.side, list(classic.options)), "SDG205"))
    return issues


def related_issues(problems: list[Valid]) -> list[Issue]:
    """`related` names other existing problems."""
    slugs = {v.problem.slug for v in problems}
    issues = []
    for valid in problems:
        for i, item in enumerate(valid.problem.related):
            if item.slug not in slugs or item.slug == valid.problem.slug:
                others = slugs - {valid.problem.slug}
                issues.append(valid.loaded.issue(("related", i, "slug"), unknown(item.slug, "problem", others), "SDG202"))
    return issues


def glossary_issues(data: SiteData, pages: Iterable[str]) -> list[Issue]:
    """Warnings for glossary terms that no page uses (the glossary page itself does not count)."""
    source = data.sources["glossary"]
    return [source.warning(("terms", i, "term"), f"'{data.glossary.terms[i].term}' appears on no page: use it or remove it", "SDG508")
            for i in glossary.unused(data.glossary, pages)]


def check_chapters(site: Site) -> list[Issue]:
    """Unknown includes in every hand-written page."""
    issues: list[Issue] = []
    for path in site.layout.chapter_files():
        page = path.relative_to(site.layout.docs).as_posix()
        try:
            issues += expand(site.sources, path.read_text(encoding="utf-8"), page)[1]
        except Exception as exc:
            issues.append(internal_error(f"docs/{page}", exc))
    return issues


def chapter_warnings(layout: Layout) -> list[Issue]:
    """Style warnings in the hand-written text of every chapter: sentences over the limit (SDG506)."""
    issues: list[Issue] = []
    for path in layout.chapter_files():
        name = path.relative_to(layout.root).as_posix() if path.is_relative_to(layout.root) else str(path)
        for line, sentence in mdtext.sentences(path.read_text(encoding="utf-8")):
            message = too_long(sentence)
            if message:
                issues.append(Issue(name, line, 1, "", message, "SDG506", "warning"))
    return issues


def build_pages(layout: Layout) -> dict[str, str]:
    """Generated pages plus hand-written pages with includes expanded: a complete Markdown tree."""
    site = load_site(layout)
    issues = check_chapters(site)
    if issues:
        raise UserError(issues)
    pages = site.pages()
    for path in layout.chapter_files():
        page = path.relative_to(layout.docs).as_posix()
        try:
            pages[page] = site.expand(path.read_text(encoding="utf-8"), page)
        except UserError:
            raise
        except Exception as exc:
            raise UserError([internal_error(f"docs/{page}", exc)]) from None
    return dict(sorted(pages.items()))
