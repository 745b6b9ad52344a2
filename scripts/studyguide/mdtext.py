"""Running text in Markdown: the blocks a reader reads, with the line each starts on.

Used by the style lint on hand-written chapters (sentences over the limit,
reported at file:line) and by the shared-sentence measure between chapters and
problem pages. Code fences, HTML comments (include lines) and Mermaid are not
text; links keep their words, tables give one block per cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .prose import plain

_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[^>\n]*>")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_ATTR = re.compile(r"\{:[^}\n]*\}")
_MARK = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")
_ENTITY = re.compile(r"&#(\d+);")
_START = re.compile(r"^\s*(?:[-*+]\s+|\d+\.\s+|>\s?|#{1,6}\s+|(?:!!!|\?\?\?\+?)\s+\w+\s*)")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"'(\[{*_`])")


def clean(text: str) -> str:
    """Inline Markdown -> the words a reader sees."""
    text = _ENTITY.sub(lambda m: chr(int(m.group(1))), _LINK.sub(r"\1", _ATTR.sub("", text)))
    return " ".join(_MARK.sub("", _TAG.sub(" ", text)).split())


def _lines(markdown: str) -> Iterator[tuple[int, str]]:
    """Numbered lines outside code fences and HTML comments (comments blanked, line count kept)."""
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), plain(markdown))
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1) == fence:
                fence = ""
            yield number, ""
        elif opened:
            fence = opened.group(1)
            yield number, ""
        else:
            yield number, line


def blocks(markdown: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of every paragraph, list item, heading and table cell."""
    start = 0
    parts: list[str] = []
    for number, line in _lines(markdown):
        is_row = line.lstrip().startswith("|")
        if (is_row or not line.strip() or _START.match(line)) and parts:
            yield start, clean(" ".join(parts))
            parts = []
        if is_row:
            if not _RULE.match(line):
                yield from ((number, clean(cell)) for cell in line.strip().strip("|").split("|") if cell.strip())
        elif line.strip():
            start = number if not parts else start
            parts.append(_START.sub("", line).strip().strip('"'))
    if parts:
        yield start, clean(" ".join(parts))


def sentences(markdown: str) -> Iterator[tuple[int, str]]:
    """(line, sentence) for every sentence of running text."""
    for line, text in blocks(markdown):
        for sentence in SENTENCE_END.split(text):
            if sentence.strip():
                yield line, sentence.strip()
