"""MkDocs hook: an adapter between MkDocs events and the pipeline.

- on_config: validate every problem and data file once (bad input stops the
  build with the validator's report, no traceback) and fill in the generated
  parts of the navigation;
- on_files: add the generated pages;
- on_page_markdown: expand `<!-- include: NAME -->` lines in hand-written pages.
Set SDG_EXTRA_PROBLEMS to a folder to add its problems to the build (tests use it).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
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


# Diagram scripts without re-parsing every page ----------------------------------------------

_DIAGRAM = re.compile(r'<pre\s[^>]*class="mermaid[ "]')
_STUB = '<html><body><pre class="mermaid"><code></code></pre></body></html>'


def on_pre_build(config: Any) -> None:
    """Hand mermaid2 a stub page instead of each built page.

    mermaid2's on_post_page parses the whole page with BeautifulSoup and writes it back
    out only to append two script tags to <body> (with superfences' custom loader, its
    only change): about 0.2 s for a problem page, and more as pages grow. Pages without
    a diagram are returned as they are; for the others, the tags mermaid2 appends to a
    stub page are spliced in before </body>. Same tags, same place, from the same
    plugin and its configuration; only the re-serialisation of the page is skipped.
    """
    plugin = config.plugins.get("mermaid2")
    if plugin is None or not plugin.activate_custom_loader:
        return
    handlers = config.plugins.events["post_page"]
    for index, handler in enumerate(handlers):
        if getattr(handler, "__self__", None) is plugin and handler.__name__ == "on_post_page":
            handlers[index] = functools.partial(_post_page_scripts, handler)


def _post_page_scripts(mermaid_post_page: Any, output: str, *, page: Any, config: Any) -> str:
    if not _DIAGRAM.search(output):
        return output
    stub = mermaid_post_page(_STUB, page=page, config=config)
    scripts = stub[stub.index("</pre>") + len("</pre>"):stub.rindex("</body>")]
    head, body_end, tail = output.rpartition("</body>")
    return head + scripts + body_end + tail
