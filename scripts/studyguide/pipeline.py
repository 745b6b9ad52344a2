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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import glossary, lint, mdtext, review
from .cards import Card, Deck, cards, decks, problem_cards
from .checks import one_of, unknown
from .compute import problem_page
from .data import SiteData, load_site_data
from .errors import Issue, UserError, internal_error
from .errors import Path as FieldPath
from .fragments import Sources, expand
from .lint import too_long
from .pages import generated_pages, listed, navigation, problem_markdown, site_pages
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
    expanded: dict[tuple[str, str], tuple[str, list[Issue]]] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def sources(self) -> Sources:
        return Sources(self.layout.templates, self.data, {v.problem.slug: v for v in self.problems})

    def pages(self) -> dict[str, str]:
        """Every generated page, by docs path. A crash becomes an internal-error issue for each problem that causes it."""
        try:
            with collector_paused():
                return MEMO.pages(self) | review.markdown(self.layout.templates, self.cards, self.decks)
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

    @cached_property
    def decks(self) -> list[Deck]:
        return decks(self.problems)

    @cached_property
    def cards(self) -> list[Card]:
        """Every review card (the review page and its assets share them)."""
        return cards(self.problems, self.data, MEMO.problem_cards)

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


def load_site(layout: Layout, partial: bool = False) -> Site:
    """Validate every problem and data file; raise UserError when any has an error.

    Warnings do not stop the pipeline; they travel with the Site for the caller to report.
    With `partial` (a preview server's first build), problems with errors are left out and
    their errors travel with the Site too; broken data files still raise.
    """
    with collector_paused():
        problems, issues = MEMO.validate(layout.problem_files(), layout.root)
        try:
            data, data_issues = MEMO.site_data(layout)
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
            for i in glossary.unused(data.glossary, MEMO.glossary_pages(pages))]


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
    card_sets: dict[str, tuple[Valid, list[Card]]] = field(default_factory=dict)  # slug -> the problem, its review cards
    words: dict[str, glossary.Page] = field(default_factory=dict)  # a page's Markdown -> its prose and words
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
        titles = {item.problem.slug: item.problem.title for item in site.problems}
        rendered = {}
        for item in site.problems:
            page = problem_page(item.problem.slug)
            known = self.rendered.get(page)
            rendered[page] = known if known is not None and known[0] is item else (item, problem_markdown(templates, data, item, titles))
        self.rendered = rendered
        listing = [listed(item) for item in site.problems]
        if self.listing is None or self.listing[0] != listing:
            self.listing = (listing, site_pages(templates, data, site.problems))
        pages = self.listing[1] | {page: text for page, (_, text) in rendered.items()}
        return dict(sorted(pages.items()))

    def glossary_pages(self, pages: Iterable[str]) -> list[glossary.Page]:
        """`glossary.page` of each page, read again only when its text changed."""
        self.words = {text: self.words.get(text) or glossary.page(text) for text in pages}
        return list(self.words.values())

    def problem_cards(self, valid: Valid) -> list[Card]:
        """`cards.problem_cards`, again only when the problem changed (cards depend on nothing else)."""
        known = self.card_sets.get(valid.problem.slug)
        if known is None or known[0] is not valid:
            known = self.card_sets[valid.problem.slug] = (valid, problem_cards(valid))
        return known[1]

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
