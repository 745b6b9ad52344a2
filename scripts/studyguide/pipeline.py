"""The whole pipeline as plain functions: sources in, `{page path: markdown}` out.

MkDocs calls it from a hook; `guide.py render DIR` calls it to write files.
Nothing here knows about MkDocs, so the same Markdown can be built by
whatever replaces it.

A process keeps what it validated and rendered in MEMO, by the bytes it came from,
so that a server rebuilding after a save redoes only what the save changed: one
problem file re-validated and its page re-rendered, the pages that list problems
rendered again. A fresh process (`mkdocs build`, `guide.py`) starts empty.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import lint
from .compute import problem_page
from .data import SiteData, load_site_data
from .errors import Issue, UserError
from .errors import Path as FieldPath
from .fragments import Sources, expand
from .pages import listed, navigation, problem_markdown, site_pages
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
    expanded: dict[tuple[str, str], tuple[str, list[Issue]]] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def sources(self) -> Sources:
        return Sources(self.layout.templates, self.data, {v.problem.slug: v for v in self.problems})

    def pages(self) -> dict[str, str]:
        """Every generated page, by docs path."""
        with collector_paused():
            return MEMO.pages(self)

    @cached_property
    def stamp(self) -> tuple[object, ...]:
        """What every rendered page depends on besides its own problem: templates, data files, problem titles."""
        templates = sorted(self.layout.templates.rglob("*.j2"))  # the generator's; theme overrides are MkDocs' business
        return (self.layout.templates, [(p, p.stat().st_mtime_ns, p.stat().st_size) for p in templates],
                id(self.data), [(v.problem.slug, v.problem.title) for v in self.problems])

    def expand(self, markdown: str, page: str) -> str:
        """A hand-written page with its includes replaced; raises UserError on unknown names."""
        if (page, markdown) not in self.expanded:
            self.expanded[(page, markdown)] = MEMO.expansion(self, markdown, page)
        text, issues = self.expanded[(page, markdown)]
        if issues:
            raise UserError(issues)
        return text

    def nav_sections(self) -> dict[str, list[object]]:
        """Navigation entries for the generated parts: problems by difficulty, components."""
        return navigation(self.data, self.problems)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the pipeline builds what it keeps.

    Loading and validating allocate hundreds of thousands of objects that all live
    on, so each collection would scan them again for nothing: a quarter of the
    pipeline's time at 100 problems. Reference counting still frees everything else.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_site(layout: Layout) -> Site:
    """Validate every problem and data file; raise UserError when any has an error.

    Warnings do not stop the pipeline; they travel with the Site for the caller to report.
    """
    with collector_paused():
        problems, issues = MEMO.validate(layout.problem_files(), layout.root)
        data, data_issues = MEMO.site_data(layout)
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


# What a process keeps between builds ----------------------------------------------------------

Checked = tuple[list[Valid], list[Issue]]
PROBLEM_INCLUDE = re.compile(r"^<!-- include: problem/([\w.-]+)/", re.MULTILINE)


@dataclass
class Memo:
    """Validation and rendering results, each kept with the input it came from.

    Entries keyed by id() hold the object they were made from, so the id cannot be reused.
    """

    files: dict[tuple[Path, Path], tuple[bytes, Checked]] = field(default_factory=dict)  # (file, root) -> its bytes, its result
    prints: dict[int, tuple[Valid, dict[str, list[FieldPath]]]] = field(default_factory=dict)  # id -> paragraphs for boilerplate
    data: tuple[object, tuple[SiteData | None, list[Issue]]] | None = None  # the data files' bytes -> loaded
    rendered: dict[str, tuple[Valid, str]] = field(default_factory=dict)  # problem page -> the problem it shows, its Markdown
    expanded: dict[tuple[str, str], tuple[list[Valid | None], tuple[str, list[Issue]]]] = field(default_factory=dict)
    listing: tuple[list[tuple[object, ...]], dict[str, str]] | None = None  # what pages listing problems read -> those pages
    stamp: object = None  # Site.stamp the entries above were made under

    def validate(self, files: list[Path], root: Path) -> Checked:
        """`validate_files(files, root)`, re-validating only the files whose bytes changed.

        The checks across files (duplicate slugs, boilerplate) are validate_files' own,
        repeated here over the kept results; tests/test_performance.py keeps them equal.
        """
        keys = [(path, root) for path in sorted(files)]
        self.files = {key: self._checked(key) for key in keys}
        valid: list[Valid] = []
        issues: list[Issue] = []
        slugs: dict[str, str] = {}
        for key in keys:
            file_valid, file_issues = self.files[key][1]
            issues += file_issues
            for item in file_valid:
                slug = item.problem.slug
                if slug in slugs:
                    issues.append(item.loaded.issue(("slug",), f"duplicate slug '{slug}' (also in {slugs[slug]})", "SDG208"))
                    continue
                slugs[slug] = item.loaded.file
                valid.append(item)
        return valid, sorted(issues + self._boilerplate(valid))

    def _checked(self, key: tuple[Path, Path]) -> tuple[bytes, Checked]:
        text = key[0].read_bytes()
        known = self.files.get(key)
        return known if known is not None and known[0] == text else (text, validate_files([key[0]], key[1]))

    def _boilerplate(self, valid: list[Valid]) -> list[Issue]:
        """`lint.boilerplate` across the problems, each problem's paragraphs gathered once."""
        self.prints = {id(v): self.prints.get(id(v)) or (v, lint.fingerprints(v.problem)) for v in valid}
        by_slug = {v.problem.slug: v for v in valid}
        found = lint.repeated((v.problem.slug, self.prints[id(v)][1]) for v in valid)
        return [by_slug[slug].loaded.warning(where, message, code) for slug, where, message, code in found]

    def site_data(self, layout: Layout) -> tuple[SiteData | None, list[Issue]]:
        """The data files, loaded again only when they or the set of problem files changed."""
        stems = {p.stem for p in layout.problem_files()}
        key = (layout.data, layout.root, sorted(stems), [(p.name, p.read_bytes()) for p in sorted(layout.data.glob("*.yaml"))])
        if self.data is None or self.data[0] != key:
            self.data = (key, load_site_data(layout.data, layout.root, stems))
        return self.data[1]

    def pages(self, site: Site) -> dict[str, str]:
        """Every generated page; a problem page is rendered again only when its problem or `site.stamp` changed."""
        self._begin(site)
        templates, data = site.layout.templates, site.data
        rendered = {}
        for item in site.problems:
            page = problem_page(item.problem.slug)
            known = self.rendered.get(page)
            rendered[page] = known if known is not None and known[0] is item else (item, problem_markdown(templates, data, item))
        self.rendered = rendered
        listing = [listed(item) for item in site.problems]
        if self.listing is None or self.listing[0] != listing:
            self.listing = (listing, site_pages(templates, data, site.problems))
        pages = self.listing[1] | {page: text for page, (_, text) in rendered.items()}
        return dict(sorted(pages.items()))

    def expansion(self, site: Site, markdown: str, page: str) -> tuple[str, list[Issue]]:
        """`fragments.expand` of a hand-written page, again only when `site.stamp` or a problem it includes changed."""
        self._begin(site)
        used = [site.sources.problems.get(slug) for slug in PROBLEM_INCLUDE.findall(markdown)]
        known = self.expanded.get((page, markdown))
        if known is None or [id(v) for v in known[0]] != [id(v) for v in used]:
            known = (used, expand(site.sources, markdown, page))
            self.expanded = {key: value for key, value in self.expanded.items() if key[0] != page}
            self.expanded[(page, markdown)] = known
        return known[1]

    def _begin(self, site: Site) -> None:
        if site.stamp != self.stamp:
            self.rendered, self.expanded, self.listing, self.stamp = {}, {}, None, site.stamp


MEMO = Memo()
