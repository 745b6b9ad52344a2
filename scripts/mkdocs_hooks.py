"""MkDocs hook: an adapter between MkDocs events and the pipeline.

- on_config: validate every problem and data file once (bad input stops the
  build with the validator's report, no traceback) and fill in the generated
  parts of the navigation;
- on_files: add the generated pages;
- on_page_markdown: expand `<!-- include: NAME -->` lines in hand-written pages;
- on_page_content: presentation touches on the HTML (studyguide.present).
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

from studyguide import present  # noqa: E402
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


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    return present.page_html(html)
