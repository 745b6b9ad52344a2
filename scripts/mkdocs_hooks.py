"""MkDocs hook: an adapter between MkDocs events and the pipeline.

- on_config: validate every problem and data file once (bad input stops the
  build with the validator's report, no traceback) and fill in the generated
  parts of the navigation;
- on_files: add the generated pages;
- on_page_markdown: expand `<!-- include: NAME -->` lines in hand-written pages.
Set SDG_EXTRA_PROBLEMS to a folder to add its problems to the build (tests use it).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))

from studyguide import glossary, review  # noqa: E402
from studyguide.bundle import commit_time  # noqa: E402
from studyguide.compute import GLOSSARY_PAGE  # noqa: E402
from studyguide.errors import UserError  # noqa: E402
from studyguide.pipeline import Layout, Site, chapter_warnings, glossary_issues, load_site  # noqa: E402

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
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary.abbreviations(_site.data.glossary)
    return config


def on_files(files: Files, config: Any) -> Files:
    assert _site is not None
    pages = _site.pages()
    for path, markdown in pages.items():
        files.append(File.generated(config, path, content=markdown))
    # The review page's cards and Anki deck, dated by the last commit so a rebuild gives the same bytes.
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or commit_time(ROOT))
    for path, content in review.assets(_site.problems, _site.data, epoch, config.site_url or "").items():
        files.append(File.generated(config, path, content=content))
    try:  # chapters as readers see them, includes expanded: a term may appear only in a fragment
        chapters = [_site.expand(path.read_text(encoding="utf-8"), path.relative_to(_site.layout.docs).as_posix())
                    for path in _site.layout.chapter_files()]
    except UserError as exc:
        raise _fail(exc) from None
    used = [text for path, text in pages.items() if path != GLOSSARY_PAGE] + chapters
    for warning in [*glossary_issues(_site.data, used), *chapter_warnings(_site.layout)]:
        log.warning(str(warning))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    assert _site is not None
    try:
        return _site.expand(markdown, page.file.src_uri)
    except UserError as exc:
        raise _fail(exc) from None
