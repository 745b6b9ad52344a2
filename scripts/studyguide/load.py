"""Stage 1: read a YAML file into plain data, remembering where every node is.

PyYAML's defaults are wrong for hand-written content in three ways, all fixed
here: duplicate keys silently keep the last value (we refuse them), YAML 1.1
reads `no`/`off`/`yes` as booleans and `1e6` as a string (we resolve scalars
by the YAML 1.2 core schema instead), and positions are thrown away (we keep a
line and column for every key and item so later stages can point at them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Issue, Path, dotted

_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")
_BOOL = re.compile(r"^(true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(~|null|Null|NULL|)$")


class _CoreResolver(yaml.resolver.BaseResolver):
    """Plain scalars resolved as YAML 1.2 core: only true/false are booleans."""


for _tag, _regexp, _first in [
    ("bool", _BOOL, "tTfF"),
    ("int", _INT, "-+0123456789"),
    ("float", _FLOAT, "-+0123456789."),
    ("null", _NULL, ["~", "n", "N", ""]),
]:
    _CoreResolver.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", _regexp, list(_first))


class _Loader(CParser, _CoreResolver):  # type: ignore[misc]
    """libyaml's parser and composer (about 10x faster than PyYAML's), keeping every node's mark."""

    def __init__(self, stream: str):
        CParser.__init__(self, stream)
        _CoreResolver.__init__(self)


@dataclass
class Loaded:
    """A file's data plus the 1-based (line, col) of every key and item."""

    file: str
    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    scalar_starts: dict[Path, tuple[int, int, bool]] = field(default_factory=dict)

    def where(self, path: Path) -> tuple[int, int]:
        """Position of the deepest known node on `path` (a missing key points at its parent)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return (1, 1)

    def issue(self, path: Path, message: str, code: str = "") -> Issue:
        line, col = self.where(path)
        return Issue(self.file, line, col, dotted(path), message, code)

    def warning(self, path: Path, message: str, code: str) -> Issue:
        line, col = self.where(path)
        return Issue(self.file, line, col, dotted(path), message, code, "warning")


class _Builder:
    """Turns a composed node tree into dicts/lists/scalars, collecting issues."""

    def __init__(self, file: str):
        self.loaded = Loaded(file, None)
        self.issues: list[Issue] = []

    def fail(self, node: Node, message: str, path: Path = ()) -> None:
        mark = node.start_mark
        self.issues.append(Issue(self.loaded.file, mark.line + 1, mark.column + 1, dotted(path), message, "SDG002"))

    def build(self, node: Node, path: Path) -> Any:
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            out = []
            for index, item in enumerate(node.value):
                self.loaded.positions[(*path, index)] = (item.start_mark.line + 1, item.start_mark.column + 1)
                out.append(self.build(item, (*path, index)))
            return out
        assert isinstance(node, ScalarNode)
        plain = not node.style and node.start_mark.line == node.end_mark.line
        self.loaded.scalar_starts[path] = (node.start_mark.line + 1, node.start_mark.column + 1, plain)
        return self.scalar(node, path)

    def mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "keys must be plain strings (no complex keys or '<<' merges)", path)
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in out:
                self.fail(key_node, f"duplicate key '{key}' (first defined at line {first_line[key]})", (*path, key))
                continue
            first_line[key] = line
            self.loaded.positions[(*path, key)] = (line, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, (*path, key))
        return out

    def scalar(self, node: ScalarNode, path: Path) -> Any:
        tag, value = node.tag, node.value
        if tag == "tag:yaml.org,2002:str" or node.style and tag == "!":
            return value
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() == "true"
        if tag == "tag:yaml.org,2002:int":
            return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
        if tag == "tag:yaml.org,2002:float":
            return float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
        if tag == "tag:yaml.org,2002:null":
            return None
        self.fail(node, f"unsupported YAML tag '{tag}'; write plain values", path)
        return value


def load_text(text: str, file: str) -> tuple[Loaded | None, list[Issue]]:
    """Parse YAML text; return the data with positions, or the issues found."""
    try:
        root = yaml.compose(text, Loader=_Loader)  # type: ignore[arg-type]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        return None, [Issue(file, line, col, "", f"invalid YAML: {detail}", "SDG001")]
    except yaml.YAMLError as exc:
        return None, [Issue(file, 1, 1, "", f"invalid YAML: {exc}", "SDG001")]
    if root is None:
        return None, [Issue(file, 1, 1, "", "the file is empty", "SDG001")]
    builder = _Builder(file)
    builder.loaded.positions[()] = (1, 1)
    builder.loaded.data = builder.build(root, ())
    return builder.loaded, builder.issues


def load_file(path: FsPath, display: str) -> tuple[Loaded | None, list[Issue]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Issue(display, 1, 1, "", f"not UTF-8 text: {exc.reason} at byte {exc.start}", "SDG001")]
    except OSError as exc:
        return None, [Issue(display, 0, 0, "", f"cannot read file: {exc.strerror}", "SDG001")]
    return load_text(text, display)
