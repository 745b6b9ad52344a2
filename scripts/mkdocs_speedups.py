"""MkDocs hook: speed-ups that do not depend on the study guide.

- on_pre_build: mermaid2 adds its scripts to a page without re-parsing the page;
- on_config: the theme's Jinja environments list its files without the 14,000 hidden
  icons MkDocs would filter out one by one, and under `mkdocs serve` compile its
  templates once, not per rebuild.
Kept apart from mkdocs_hooks.py (the generator), so that scripts/bench.py can build
the generated Markdown without the generator but with these, and compare like with like.
"""

from __future__ import annotations

import functools
import os
import re
from typing import Any

import jinja2
from mkdocs.plugins import event_priority

# Diagram scripts without re-parsing every page ----------------------------------------------

_DIAGRAM = re.compile(r'<pre\s[^>]*class="mermaid[ "]')
_STUB_DIAGRAM = '<pre class="mermaid"><code></code></pre>'


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
    diagrams = len(_DIAGRAM.findall(output))
    if not diagrams:
        return output
    stub = mermaid_post_page(f"<html><body>{_STUB_DIAGRAM * diagrams}</body></html>", page=page, config=config)
    scripts = stub[stub.rindex("</pre>") + len("</pre>"):stub.rindex("</body>")]
    head, body_end, tail = output.rpartition("</body>")
    return head + scripts + body_end + tail


# The theme's Jinja environments ----------------------------------------------------------

class _Compiled(jinja2.BytecodeCache):
    """The theme's compiled templates, kept in memory between rebuilds.

    MkDocs makes a new Jinja environment for every build, so each rebuild under
    `mkdocs serve` would compile Material's templates again (about 0.3 s). Jinja
    checks each entry against the template's source, so an edited override is
    compiled afresh.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class _ThemeLoader(jinja2.FileSystemLoader):
    """Lists a theme's files without hidden ones, which MkDocs's theme-file filter drops anyway.

    Every build, MkDocs lists the theme's files and tests each against its patterns
    ('.*' and '*/.*' among them) to find the static files to copy. Material keeps
    14,000 icons under .icons/, so that alone took about 0.3 s a build. Hidden
    templates still load: only the listing leaves them out.
    """

    def list_templates(self) -> list[str]:
        found = set()
        for root in self.searchpath:
            for folder, dirs, files in os.walk(root, followlinks=self.followlinks):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in files:
                    if not name.startswith("."):
                        found.add(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
        return sorted(found)


_COMPILED = _Compiled()


@event_priority(100)  # before the search plugin renders its translations with the theme
def on_config(config: Any) -> None:
    """Every Jinja environment the theme makes for this build uses the kept templates and the lighter listing."""
    theme = config.theme
    if getattr(theme.get_env, "lightened", False):
        return
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.loader = _ThemeLoader(theme.dirs)
        env.bytecode_cache = _COMPILED
        return env

    get_env.lightened = True  # type: ignore[attr-defined]
    theme.get_env = get_env
