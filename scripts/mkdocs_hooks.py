"""MkDocs hook: an adapter between MkDocs events and the pipeline.

- on_config: validate every problem and data file once (bad input stops the
  build with the validator's report, no traceback) and fill in the generated
  parts of the navigation;
- on_files: add the generated pages;
- on_page_markdown: expand `<!-- include: NAME -->` lines in hand-written pages
  (never in generated ones: their text comes from problem files), and give the
  page's Markdown converter the glossary terms that can occur on it (and, on a
  problem page, a table of contents of its sections only);
- on_page_content: presentation touches on the HTML (studyguide.present);
- on_nav, on_post_page: tell a dirty build (`mkdocs serve --dirty`, as
  scripts/serve.sh runs it) which pages changed, so it rebuilds only those.
Keeping the site whole (studyguide.serving): every build writes to a staging
folder that replaces the site only when the build succeeds, strict warnings
included; under `mkdocs serve` a failed rebuild keeps the last good build and
its errors are shown over the open page.
Set SDG_EXTRA_PROBLEMS to a folder to add its problems to the build (tests use it).
"""

from __future__ import annotations

import functools
import gc
import html
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

sys.path.insert(0, str(Path(__file__).resolve().parent))

from studyguide import glossary, present, review, serving  # noqa: E402
from studyguide.bundle import commit_time  # noqa: E402
from studyguide.compute import GLOSSARY_PAGE, problem_page  # noqa: E402
from studyguide.errors import Issue, UserError, internal_error  # noqa: E402
from studyguide.pipeline import Layout, Site, chapter_warnings, glossary_issues, load_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("mkdocs.hooks.studyguide")
_site: Site | None = None
_abbreviations: dict[str, str] = {}  # every glossary form; each page gets the ones it can show
_deck: list[Callable[[], bytes]] = []  # under serve: makes the deck the last build links to
_problem_pages: set[str] = set()
# A problem page's contents list its sections only: with every deep-dive heading it ran to
# 60 entries, and Material's scroll-spy measures each listed heading when the page loads.
PROBLEM_TOC_DEPTH = 2
_target: Path | None = None  # the real site folder while the build writes to its staging folder
SESSION = serving.SESSION


def _fail(exc: UserError) -> PluginError:
    return PluginError(f"invalid study-guide sources:\n{exc}")


@contextmanager
def _reported(where: str) -> Iterator[None]:
    """Bad input stops the build with the validator's report; a bug, one coded line (SDG900), never a traceback."""
    try:
        yield
    except UserError as exc:
        raise _fail(exc) from None
    except Exception as exc:
        raise _fail(UserError([internal_error(where, exc)])) from None


def _expand_nav(entries: list[Any], sections: dict[str, list[object]]) -> list[Any]:
    out = []
    for entry in entries:
        if isinstance(entry, dict):
            (title, value), = entry.items()
            if isinstance(value, list):
                value = _expand_nav(value, sections)
            elif value in sections:
                value = sections[value]
            out.append({title: value})
        else:
            out.append(entry)
    return out


def on_startup(command: str, dirty: bool) -> None:
    SESSION.serving, SESSION.dirty = command == "serve", dirty


def on_config(config: Any) -> Any:
    global _site
    _stage(config)
    _escape_mermaid_fences(config)
    problems = os.environ.get("SDG_EXTRA_PROBLEMS")
    layout = Layout.at(ROOT, Path(problems).resolve() if problems else None)
    with _reported("problems"):
        _site = _load(layout)
        sections = _site.nav_sections()
    for warning in _site.warnings:
        _report_warning(warning)
    if config.nav:
        config.nav = _expand_nav(config.nav, sections)
    _abbreviations.clear()
    _abbreviations.update(glossary.abbreviations(_site.data.glossary))
    if SESSION.serving:
        config.extra_javascript.append("js/serve-overlay.js")
        config.extra_css.append("css/serve-overlay.css")
    return config


def _load(layout: Layout) -> Site:
    """The validated site; a preview server's first build leaves out problems with errors instead of stopping."""
    site = load_site(layout, partial=SESSION.serving and not SESSION.good_build)
    SESSION.notes = list(site.left_out)
    return site


def _report_warning(warning: Issue) -> None:
    """A warning fails `mkdocs build --strict`, as style issues should; under serve it is shown on the page instead."""
    if SESSION.serving:
        log.info(str(warning))
        SESSION.notes.append(warning)
    else:
        log.warning(str(warning))


def on_files(files: Files, config: Any) -> Files:
    assert _site is not None
    with _reported("problems"):
        pages = _site.pages()
    for path, markdown in pages.items():
        files.append(File.generated(config, path, content=markdown))
    _problem_pages.clear()
    _problem_pages.update(problem_page(v.problem.slug) for v in _site.problems)
    # The review page's cards and Anki deck, dated by the last commit so a rebuild gives the same bytes.
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or commit_time(ROOT))
    if SESSION.serving:  # packing the deck takes seconds on a large site: on_post_build writes it afterwards
        _deck[:] = [review.deck_maker(_site.cards, _site.decks, epoch, config.site_url or "")]
        files.append(File.generated(config, review.ASSET, content=review.script(_site.cards, _site.decks)))
        files.append(File.generated(config, review.DECK, content=serving.written(review.DECK)))
    else:
        for path, content in review.assets(_site.cards, _site.decks, epoch, config.site_url or "").items():
            files.append(File.generated(config, path, content=content))
    with _reported("docs"):  # chapters as readers see them, includes expanded: a term may appear only in a fragment
        chapters = [_site.expand(path.read_text(encoding="utf-8"), path.relative_to(_site.layout.docs).as_posix())
                    for path in _site.layout.chapter_files()]
    used = [text for path, text in pages.items() if path != GLOSSARY_PAGE] + chapters
    for warning in [*glossary_issues(_site.data, used), *chapter_warnings(_site.layout)]:
        _report_warning(warning)
    if not SESSION.serving:  # the overlay is for the preview server only
        for name in serving.OVERLAY_FILES:
            if name in files.src_uris:
                files.remove(files.src_uris[name])
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    assert _site is not None
    if page.file.generated_by is None:  # generated from problem files: an include line there is the author's text
        with _reported(f"docs/{page.file.src_uri}"):
            markdown = _site.expand(markdown, page.file.src_uri)
    # MkDocs makes the page's Markdown converter from the config right after this event.
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary.for_page(_abbreviations, markdown)
    toc = config.mdx_configs.setdefault("toc", {})
    toc.pop("toc_depth", None)
    if page.file.src_uri in _problem_pages:
        toc["toc_depth"] = PROBLEM_TOC_DEPTH
    return markdown


def on_page_content(output: str, page: Any, config: Any, files: Files) -> str:
    # A problem page defines its terms again in each part its table of contents lists.
    deepest = PROBLEM_TOC_DEPTH if page.file.src_uri in _problem_pages else present.DEFINED_UNDER
    return present.page_html(output, deepest)


# Keeping the site whole ---------------------------------------------------------------------

def _stage(config: Any) -> None:
    """Point the build at a staging folder; on_post_build swaps it in when the build is good."""
    global _target
    _target = None
    if SESSION.dirty:  # a dirty build updates the site in place by design
        return
    _target = Path(config.site_dir)
    config.site_dir = str(serving.begin(_target))


def _strict_warnings(config: Any) -> bool:
    """Whether MkDocs will abort this build for warnings right after on_post_build."""
    counters = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    return bool(config.strict and any(c.get_counts() for c in counters))


@event_priority(-200)  # after every plugin has written its files (search index, offline)
def on_post_build(config: Any) -> None:
    if _target is None:
        _deck_later(Path(config.site_dir))
        return
    staging = Path(config.site_dir)
    if _strict_warnings(config):
        serving.discard(staging)
        return
    if SESSION.serving:
        shown = "left out" if any(note.is_error for note in SESSION.notes) else "built"
        serving.write_status(staging, serving.report_lines("\n".join(map(str, SESSION.notes))), shown)
        SESSION.good_build = True
    serving.swap(staging, _target)
    _deck_later(_target)


def _deck_later(site: Path) -> None:
    if SESSION.serving and _deck:
        serving.write_later(site, review.DECK, _deck.pop())


def on_build_error(error: Exception) -> None:
    if _target is not None:
        serving.discard(serving.staging_for(_target))


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.builder = serving.keep_last_good(builder, Path(server.root))
    extra = os.environ.get("SDG_EXTRA_PROBLEMS")
    if extra:
        server.watch(str(Path(extra).resolve()))
    return server


def _escape_mermaid_fences(config: Any) -> None:
    """The diagram plugin writes a fence's source into the page unescaped: escape it first.

    The browser hands Mermaid the same text back (the element's textContent), so the
    diagram is unchanged, but no `<` in a diagram's source can ever open a tag.
    """
    fences = config.mdx_configs.get("pymdownx.superfences", {}).get("custom_fences", [])
    for fence in fences:
        form = fence.get("format")
        if fence.get("name") == "mermaid" and form is not None and not getattr(form, "escapes_html", False):
            fence["format"] = _escaping(form)


def _escaping(form: Any) -> Any:
    @functools.wraps(form)  # keeps its name, which the diagram plugin reads to pick its loader
    def escaped(source: str, *args: Any, **kwargs: Any) -> Any:
        return form(html.escape(source, quote=False), *args, **kwargs)
    escaped.escapes_html = True  # type: ignore[attr-defined]
    return escaped


# Rebuilding only what changed (`mkdocs serve --dirty`) ----------------------------------------

@dataclass
class _Built:
    """What the site folder holds: each page's source as last built, and the layout around it."""

    layout: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)


_BUILT = _Built()
_DIRTY_WARNING = "A 'dirty' build is being performed"


def on_nav(nav: Any, config: Any, files: Files) -> Any:
    """Tell a dirty build which pages changed; a full build never asks.

    MkDocs rebuilds a page in a dirty build when its file is newer than its output,
    but a generated page has no file, and a hand-written one also changes with its
    includes and with the navigation around it. So each page is compared with the
    source it was last built from (its Markdown after includes) and the layout it was
    built in (site folder, navigation, mkdocs.yml, theme overrides): a page is rebuilt when its
    source differs or was never built, every page when the layout changed. Pages not
    rebuilt still get their source read, so the navigation shows their titles.
    """
    settings = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    layout = repr((config.site_dir, config.nav, settings, _theme_state(config)))
    if not _BUILT.layout:
        gc.freeze()  # first build of this process: the validated site lives to the end, so the collector can skip it
    if layout != _BUILT.layout:
        _BUILT.layout, _BUILT.pages = layout, {}
    _BUILT.pending = {file.src_uri: _source(file) for file in files.documentation_pages()}
    changed = set()
    for file in files.documentation_pages():
        modified = _BUILT.pages.get(file.src_uri) != _BUILT.pending[file.src_uri]
        setattr(file, "is_modified", functools.partial(bool, modified))  # noqa: B010 (mypy will not assign to a method)
        if modified:
            changed.add(file.url)
        elif file.page is not None and file.page.title is None:
            file.page.read_source(config)
    _forget_search_entries(config, changed)
    return nav


def on_post_page(output: str, page: Any, config: Any) -> str:
    """The page is built: remember its source (a failed build leaves the rest to rebuild)."""
    source = _BUILT.pending.get(page.file.src_uri)
    if source is not None:
        _BUILT.pages[page.file.src_uri] = source
    return output


def _source(file: File) -> str:
    text = file.content_string
    if file.generated_by is not None or "<!-- include:" not in text:
        return text
    assert _site is not None
    try:
        return _site.expand(text, file.src_uri)
    except UserError:
        return "\0unexpanded"  # rebuilt, so that on_page_markdown reports the error


def _theme_state(config: Any) -> list[tuple[str, int, int]]:
    folder = config.theme.custom_dir
    files = sorted(Path(folder).rglob("*")) if folder else []
    return [(str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files]


def _forget_search_entries(config: Any, urls: set[str]) -> None:
    """Drop the pages about to be rebuilt from the search index a dirty build starts from.

    Material's search plugin keeps the previous index under dirty builds and assumes
    one page changed; with several, the others would be listed twice.
    """
    previous = getattr(config.plugins.get("material/search"), "search_index_prev", None)
    if previous is not None and urls:
        previous.entries = [e for e in previous.entries if e["location"].split("#")[0] not in urls]


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation stale, which on_nav prevents;
    under `strict: true` the warning alone would fail every rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_DIRTY_WARNING)


logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())
