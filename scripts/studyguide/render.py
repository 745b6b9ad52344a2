"""Stage 4: Jinja rendering. One environment, built here, used everywhere.

Autoescaping for Markdown: `finalize` passes every `{{ value }}` through
`escape.markdown` unless it is `Raw` (Mermaid source, code fences, anchors)
or a macro's output, so a template cannot forget to escape author text.
Jinja's HTML autoescape is switched on only so that macro output comes back
as `Markup`; finalize returns Markup, so HTML escaping never runs twice.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .escape import Raw, anchor, code_fence, code_span, markdown, quoted, raw_mermaid


def _finalize(value: Any) -> Markup:
    """Escape for Markdown unless already safe: Raw from Python, Markup from a macro."""
    if isinstance(value, (Raw, Markup)):
        return Markup(value)
    return Markup(markdown(value))


def _join(items: Any, separator: str = "") -> Markup:
    """`join` that Markdown-escapes its items (Jinja's would HTML-escape them only).

    The separator comes from the template itself, so it is trusted."""
    return Markup(separator.join(_finalize(item) for item in items))


@lru_cache(maxsize=4)
def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(join=_join, code=code_span, fence=code_fence, quoted=quoted, raw_mermaid=raw_mermaid)
    env.globals.update(anchor=anchor)
    return env


def render(templates: Path, name: str, context: dict[str, Any]) -> str:
    return environment(templates).get_template(name).render(**context)
