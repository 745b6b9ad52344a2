"""Prose: the text fields of a problem, and the computed figures they may quote.

A text may write `{peak_qps}` to quote an estimate; the page prints the figure
computed for it, so prose never drifts from the table. Doubled braces print
literally: `{{user_id}}` shows `{user_id}`. Resolution happens once,
after the estimates are computed: each reference becomes a marked figure
(`FIGURE_START id FIGURE_SEP figure FIGURE_END`, private-use characters no author
types), which each output language turns into its own form (a live span in
Markdown, plain text in diagrams and flashcards).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .errors import Path
from .model import VERBATIM

REF = re.compile(r"(?<!\{)\{([a-z][a-z0-9_]*)\}(?!\})")
LITERAL = re.compile(r"\{\{([a-z][a-z0-9_]*)\}\}")  # `{{user_id}}` prints `{user_id}` (a Redis hash tag, a path part)
FIGURE_START, FIGURE_SEP, FIGURE_END = "\ue000", "\ue001", "\ue002"
FIGURE = re.compile(f"{FIGURE_START}([a-z0-9_]+){FIGURE_SEP}([^{FIGURE_END}]*){FIGURE_END}")


def _verbatim(model: type[BaseModel], name: str) -> bool:
    return VERBATIM in model.model_fields[name].metadata


def prose_fields(node: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every prose text of a model (not code, paths or formulas), with its path by alias."""
    if isinstance(node, BaseModel):
        for name, field in type(node).model_fields.items():
            if not _verbatim(type(node), name):
                yield from prose_fields(getattr(node, name), (*path, field.alias or name))
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from prose_fields(item, (*path, index))
    elif isinstance(node, str):
        yield path, node


def resolve(node: Any, figures: dict[str, str]) -> Any:
    """A copy of `node` whose prose has every `{id}` replaced by the marked figure for that id."""
    if isinstance(node, BaseModel):
        update = {name: resolve(getattr(node, name), figures)
                  for name in type(node).model_fields if not _verbatim(type(node), name)}
        return node.model_copy(update=update)
    if isinstance(node, list):
        return [resolve(item, figures) for item in node]
    if isinstance(node, str):
        return resolve_text(node, figures)
    return node


def resolve_text(text: str, figures: dict[str, str]) -> str:
    if "{" not in text:
        return text
    text = REF.sub(lambda m: mark(m.group(1), figures[m.group(1)]) if m.group(1) in figures else m.group(0), text)
    return LITERAL.sub(r"{\1}", text)


def mark(ident: str, figure: str) -> str:
    return f"{FIGURE_START}{ident}{FIGURE_SEP}{figure}{FIGURE_END}"


def plain(text: str) -> str:
    """Text with marked figures shown as the bare figure (diagrams, titles, flashcards)."""
    return FIGURE.sub(lambda m: m.group(2), text)
