"""MkDocs hook: an adapter between MkDocs events and the pipeline.

- on_config: validate every problem and data file once (bad input stops the
  build with the validator's report, no traceback) and fill in the generated
  parts of the navigation;
- on_files: add the generated pages;
- on_page_markdown: expand `<!-- include: NAME -->` lines in hand-written pages;
- on_nav, on_post_page: tell a dirty build (`mkdocs serve --dirty`, as
  scripts/serve.sh runs it) which pages changed, so it rebuilds only those.
Set SDG_EXTRA_PROBLEMS to a folder to add its problems to the build (tests use it).
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))

from studyguide.errors import UserError  # noqa: E402
from studyguide.pipeline import Layout, Site, load_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("mkdocs.hooks.studyguide")
_site: Site | None = None


def _fail(exc: UserError) -> PluginError:
    return PluginError(f"invalid study-guide sources:\n{exc}")


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


def on_config(config: Any) -> Any:
    global _site
    problems = os.environ.get("SDG_EXTRA_PROBLEMS")
    try:
        _site = load_site(Layout.at(ROOT, Path(problems).resolve() if problems else None))
    except UserError as exc:
        raise _fail(exc) from None
    for warning in _site.warnings:
        log.warning(str(warning))  # a warning fails `mkdocs build --strict`, as style issues should
    if config.nav:
        config.nav = _expand_nav(config.nav, _site.nav_sections())
    return config


def on_files(files: Files, config: Any) -> Files:
    assert _site is not None
    for path, markdown in _site.pages().items():
        files.append(File.generated(config, path, content=markdown))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    assert _site is not None
    try:
        return _site.expand(markdown, page.file.src_uri)
    except UserError as exc:
        raise _fail(exc) from None


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
