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


_MERMAID_SAFE = set(" .,?!/'+_-")
# Mermaid rewrites lines matching /style.*:\S*#.*;/ and /classDef.*:\S*#.*;/ before parsing
# (for colours like #f00;), which would eat an entity's ';': those words never appear literally.
_MERMAID_WORDS = re.compile(r"style|classDef")


def mermaid(text: object) -> Raw:
    """Plain text -> a Mermaid label body (use inside double quotes or after ':').

    Only letters, digits, spaces and `.,?!/'+_-` stay; everything else (quotes, ':', ';', '%',
    brackets, '#', '<', '&', non-ASCII) becomes Mermaid's `#NNN;` entity, decoded only after
    parsing, so a label can never end a statement, open a directive or a comment, style a node
    or hang a click callback on it.
    """
    line = _SPACE.sub(" ", plain(str(text))).strip()
    out = "".join(c if c.isalnum() and c.isascii() or c in _MERMAID_SAFE else f"#{ord(c)};" for c in line)
    return Raw(_MERMAID_WORDS.sub(lambda m: f"#{ord(m.group()[0])};{m.group()[1:]}", out))


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


# Raw Mermaid (architecture.extra_diagrams) -----------------------------------------------

MERMAID_TYPES = ("stateDiagram-v2", "stateDiagram", "sequenceDiagram", "flowchart", "graph", "timeline",
                 "erDiagram", "classDiagram", "gantt", "pie", "mindmap", "journey")
MAX_MERMAID_LINES = 200
MAX_MERMAID_CHARS = 10_000
_FORBIDDEN_STATEMENTS = re.compile(r"^\s*(click|href|call|callback|links?|style|classDef|linkStyle|cssClass)\b", re.I)
_HTML_TAG = re.compile(r"<(?!br\s*/?>)[A-Za-z/!?]", re.I)
_SCRIPT_URL = re.compile(r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:|data\s*:\s*text/html", re.I)


def raw_mermaid_problems(source: str) -> list[tuple[int, int, str]]:
    """Why hand-written Mermaid cannot be published, as (line index, column, message); [] when it can.

    The subset allowed is plain diagrams: a diagram type on the first line, then nodes, edges
    and labels. Directives and front matter (configuration), styling statements, click and
    link callbacks, HTML tags (other than <br>) and script URLs are refused.
    """
    lines = source.splitlines()
    if len(source) > MAX_MERMAID_CHARS or len(lines) > MAX_MERMAID_LINES:
        return [(0, 1, f"raw Mermaid is limited to {MAX_MERMAID_LINES} lines and {MAX_MERMAID_CHARS:,} characters; "
                       "split the diagram")]
    found: list[tuple[int, int, str]] = []
    first = next((i for i, line in enumerate(lines) if line.strip() and not line.strip().startswith("%%")), None)
    if first is None or lines[first].split()[0] not in MERMAID_TYPES:
        where = 0 if first is None else first
        found.append((where, 1, f"raw Mermaid must start with a diagram type: one of {', '.join(MERMAID_TYPES)}"))
    for index, line in enumerate(lines):
        found += [(index, col, message) for col, message in _line_problems(line, index == 0)]
    return found


def _line_problems(line: str, first: bool) -> list[tuple[int, str]]:
    out = []
    if "%%{" in line or first and line.strip() == "---":
        at = line.find("%%{") + 1 if "%%{" in line else 1
        out.append((at, "Mermaid directives and front matter are not allowed: the site sets Mermaid's configuration"))
    statement = _FORBIDDEN_STATEMENTS.match(line)
    if statement:
        out.append((statement.start(1) + 1, f"'{statement.group(1)}' statements are not allowed in raw Mermaid: "
                                            "no styling, links or click callbacks"))
    for pattern, what in ((_HTML_TAG, "HTML tags are not allowed in raw Mermaid (only <br> for a line break); "
                                       "put a space after '<' in text"),
                          (_SCRIPT_URL, "script URLs are not allowed in raw Mermaid")):
        match = pattern.search(line)
        if match:
            out.append((match.start() + 1, what))
    return out


def raw_mermaid(source: object) -> Raw:
    """Hand-written Mermaid as diagram source, multi-line and unescaped; only if it passes the checks.

    The validator reports `raw_mermaid_problems` at their lines, so failing source never gets
    here; refusing it again keeps this the only way raw Mermaid reaches a page.
    """
    text = str(source).strip("\n")
    if raw_mermaid_problems(text):
        raise ValueError("raw Mermaid that fails raw_mermaid_problems reached a page")
    return Raw(text)

