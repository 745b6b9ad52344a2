"""`guide.py new`: a problem skeleton generated from the model itself.

Every key of the model appears once, lists of sections at their minimum length,
each preceded by its description as a comment, so the skeleton teaches the
format and can never drift from it. Text is left empty: validating the skeleton
fails exactly where content is missing, and each message says what to write.
Lists of plain values (tags, citations, pros) start as `[]` with their minimum
in a comment: a placeholder item like `- ""` would stay behind, failing, once
the author adds the real items below it.
"""

from __future__ import annotations

import json
import re
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model import RESERVED_SLUGS, Problem

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MODELINE = "# yaml-language-server: $schema=problem.schema.json"
ID_PREFIXES: dict[tuple[str, ...], str] = {("requirements", "functional"): "F", ("requirements", "non_functional"): "N"}


def _unwrap(annotation: Any) -> Any:
    """list[X] -> X, X | None -> X, Annotated[X, ...] -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(_unwrap(annotation)) is list


def _min_items(field: FieldInfo) -> int:
    return next((m.min_length for m in field.metadata if getattr(m, "min_length", None)), 0)


def _scalar(field: FieldInfo, given: Any) -> str:
    """The value to start from: what was given, else the field's default, else empty."""
    if given is not None:
        return json.dumps(given, ensure_ascii=False)
    if not field.is_required() and isinstance(field.default, (str, bool)):
        return json.dumps(field.default)
    return '""'


def _comment(field: FieldInfo, indent: str) -> list[str]:
    return [f"{indent}# {field.description}"] if field.description else []


def _model_lines(model: type[BaseModel], indent: str, path: tuple[str, ...], given: dict[str, Any], index: int) -> list[str]:
    lines: list[str] = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        lines += _comment(field, indent)
        lines += _field_lines(key, field, indent, (*path, key), given, index)
    return lines


def _field_lines(key: str, field: FieldInfo, indent: str, path: tuple[str, ...], given: dict[str, Any], index: int) -> list[str]:
    annotation = field.annotation
    if key == "id" and path[:-1] in ID_PREFIXES:
        return [f"{indent}{key}: {ID_PREFIXES[path[:-1]]}{index + 1}"]
    if _is_list(annotation):
        item = _unwrap(typing.get_args(_unwrap(annotation))[0])
        count = _min_items(field)
        if count == 0:
            return [f"{indent}{key}: []", *_commented_example(item, indent, path, given)]
        if not (isinstance(item, type) and issubclass(item, BaseModel)):
            return [f"{indent}{key}: []  # at least {count} item{'' if count == 1 else 's'}, written [a, b]"]
        lines = [f"{indent}{key}:"]
        for i in range(count):
            lines += _item_lines(item, indent + "  ", path, given, i)
        return lines
    inner = _unwrap(annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return [f"{indent}{key}:", *_model_lines(inner, indent + "  ", path, given, index)]
    return [f"{indent}{key}: {_scalar(field, given.get('.'.join(path)))}"]


def _commented_example(item: Any, indent: str, path: tuple[str, ...], given: dict[str, Any]) -> list[str]:
    """For an optional list of mappings: one example item, commented out, showing its keys."""
    if not (isinstance(item, type) and issubclass(item, BaseModel)):
        return []
    lines = [line for line in _item_lines(item, indent + "  ", path, given, 0) if not line.lstrip().startswith("#")]
    return [f"{indent}# for example:", *(f"{indent}# {line[len(indent):]}" for line in lines)]


def _item_lines(item: Any, indent: str, path: tuple[str, ...], given: dict[str, Any], index: int) -> list[str]:
    if isinstance(item, type) and issubclass(item, BaseModel):
        body = _model_lines(item, indent + "  ", path, given, index)
        first = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
        lead = [f"{indent}{line.lstrip()}" for line in body[:first]]
        return [*lead, f"{indent}- {body[first].lstrip()}", *body[first + 1:]]
    return [f"{indent}- []"]


def skeleton(slug: str, title: str, difficulty: str) -> str:
    given = {"slug": slug, "title": title, "difficulty": difficulty}
    header = [MODELINE, f"# {title}: fill every empty value, then run", f"#   .venv/bin/python scripts/guide.py validate problems/{slug}.yaml",
              "# Empty optional values (\"\" or []) are fine to leave; the validator lists the rest.", ""]
    return "\n".join(header + _model_lines(Problem, "", (), given, 0)) + "\n"


def check_slug(slug: str, existing: set[str]) -> str | None:
    """Why `slug` cannot be used, or None."""
    if not SLUG.match(slug):
        return f"'{slug}' is not a valid slug: use lowercase words joined by hyphens, e.g. leaderboard or news-feed"
    if slug in RESERVED_SLUGS:
        return f"'{slug}' is reserved for a generated page ({', '.join(sorted(RESERVED_SLUGS))}): pick another slug"
    if slug in existing:
        return f"problems/{slug}.yaml already exists: pick another slug or edit that file"
    return None
