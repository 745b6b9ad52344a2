"""The whole pipeline as plain functions: sources in, `{page path: markdown}` out.

MkDocs calls it from a hook; `guide.py render DIR` calls it to write files.
Nothing here knows about MkDocs, so the same Markdown can be built by
whatever replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .data import SiteData, load_site_data
from .errors import Issue, UserError
from .fragments import Sources, expand
from .pages import generated_pages, navigation
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

    @property
    def sources(self) -> Sources:
        return Sources(self.layout.templates, self.data, {v.problem.slug: v for v in self.problems})

    def pages(self) -> dict[str, str]:
        """Every generated page, by docs path."""
        return generated_pages(self.layout.templates, self.data, self.problems)

    def expand(self, markdown: str, page: str) -> str:
        """A hand-written page with its includes replaced; raises UserError on unknown names."""
        text, issues = expand(self.sources, markdown, page)
        if issues:
            raise UserError(issues)
        return text

    def nav_sections(self) -> dict[str, list[object]]:
        """Navigation entries for the generated parts: problems by difficulty, components."""
        return navigation(self.data, self.problems)


def load_site(layout: Layout) -> Site:
    """Validate every problem and data file; raise UserError when any has an error.

    Warnings do not stop the pipeline; they travel with the Site for the caller to report.
    """
    problems, issues = validate_files(layout.problem_files(), layout.root)
    data, data_issues = load_site_data(layout.data, layout.root, {p.stem for p in layout.problem_files()})
    issues = sorted(issues + data_issues)
    errors = [i for i in issues if i.is_error]
    warnings = [i for i in issues if not i.is_error]
    if errors or data is None:
        raise UserError(errors, warnings)
    return Site(layout, problems, data, tuple(warnings))


def check_chapters(site: Site) -> list[Issue]:
    """Unknown includes in every hand-written page."""
    issues: list[Issue] = []
    for path in site.layout.chapter_files():
        page = path.relative_to(site.layout.docs).as_posix()
        issues += expand(site.sources, path.read_text(encoding="utf-8"), page)[1]
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
        pages[page] = site.expand(path.read_text(encoding="utf-8"), page)
    return dict(sorted(pages.items()))
