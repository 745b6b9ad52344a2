"""Escaping text from YAML for the two languages it lands in.

Markdown/HTML: every character that Python-Markdown or an HTML parser could
read as syntax becomes a numeric entity, so a title holding `<script>`, `|`
or backticks is shown as typed and never opens a tag, a table cell or code.
Mermaid: labels keep letters, digits and harmless punctuation; everything
else becomes Mermaid's `#NNN;` entity, which Mermaid decodes after parsing.
"""

from __future__ import annotations

import re

from .prose import FIGURE, plain


class Raw(str):
    """Text the templates must output as is (already-safe Markdown or Mermaid)."""

    __slots__ = ()


_MD_ALWAYS = set("&<>\\`*_[]{}|#~^$")
_LINE_START = re.compile(r"^([-+](?=\s|$)|=)")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])(?=\s|$)")
_SPACE = re.compile(r"\s+")


def _entity(char: str) -> str:
    return f"&#{ord(char)};"


def markdown(text: object) -> Raw:
    """Plain text -> one line of inline Markdown that renders exactly as that text.

    Computed figures quoted in prose (see prose.py) become a span practice mode can update.
    """
    if isinstance(text, Raw):
        return text
    line = _SPACE.sub(" ", str(text)).strip()
    parts = FIGURE.split(line)  # text, id, figure, text, id, figure, ..., text
    out = "".join(_escape(part) if i % 3 == 0 else _figure_span(part, parts[i + 1]) if i % 3 == 1 else ""
                  for i, part in enumerate(parts))
    out = _LINE_START.sub(lambda m: _entity(m.group(1)), out)
    out = _LIST_NUMBER.sub(lambda m: m.group(1) + _entity(m.group(2)), out)
    return Raw(out)


def _escape(text: str) -> str:
    return "".join(_entity(c) if c in _MD_ALWAYS else c for c in text)


def _figure_span(ident: str, figure: str) -> str:
    """A computed figure quoted in prose: a span that practice mode can update live."""
    return f'<span class="figure" data-est="{ident}">{_escape(figure)}</span>'


def compute_span(ident: str, text: str, form: str = "value") -> Raw:
    """A computed figure outside prose (tables, citations); `form` is 'value' or 'figure' (say it as).

    `ident` is an estimate id, restricted by the model to [a-z0-9_]."""
    extra = "" if form == "value" else f' data-form="{form}"'
    return Raw(f'<span class="figure" data-est="{ident}"{extra}>{_escape(text)}</span>')


_MERMAID_SAFE = set(" .,:?!/'+=_-%")


def mermaid(text: object) -> Raw:
    """Plain text -> a Mermaid label body (use inside double quotes or after ':')."""
    line = _SPACE.sub(" ", plain(str(text))).strip()
    return Raw("".join(c if c.isalnum() and c.isascii() or c in _MERMAID_SAFE else f"#{ord(c)};" for c in line))


def code_fence(text: str, language: str = "text") -> Raw:
    """A fenced code block that no backtick run inside the text can close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Raw(f"{fence}{language}\n{text.rstrip()}\n{fence}")


def anchor(*parts: str) -> Raw:
    """A lowercase HTML id built from ids (already restricted to [A-Za-z0-9_])."""
    return Raw("-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts))


def code_span(text: str) -> Raw:
    """An inline code span that shows `text` verbatim, whatever backticks it holds."""
    text = _SPACE.sub(" ", text).strip()
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Raw(f"{ticks}{pad}{text}{pad}{ticks}")


def quoted(text: str) -> Raw:
    """Escaped Markdown that may also sit inside a double-quoted admonition title."""
    return Raw(markdown(plain(text)).replace('"', "&#34;"))
