"""Stage 1: read a YAML file into plain data, remembering where every node is.

PyYAML's defaults are wrong for hand-written content in three ways, all fixed
here: duplicate keys silently keep the last value (we refuse them), YAML 1.1
reads `no`/`off`/`yes` as booleans and `1e6` as a string (we resolve scalars
by the YAML 1.2 core schema instead), and positions are thrown away (we keep a
line and column for every key and item so later stages can point at them).

Files come from strangers' pull requests, so reading is bounded: the file's
size, the nesting depth and the number of values (aliases included, so an
alias bomb stops early) have hard limits, numbers must be finite and of a
sensible size, and the data is built from libyaml's event stream without
recursion, so no input can exhaust the stack or the memory.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from .errors import Issue, Path, clip, dotted
from .units import NumberRangeError, in_range

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 32
MAX_VALUES = 50_000
LIMIT_CODE = "SDG003"

_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")
_BOOL = re.compile(r"^(true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")} | {"!"}


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
    """libyaml's scanner and parser (about 10x faster than PyYAML's), keeping every event's mark."""

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
    blocks: dict[Path, tuple[int, int]] = field(default_factory=dict)  # literal block: (first line, indentation)

    def where(self, path: Path) -> tuple[int, int]:
        """Position of the deepest known node on `path` (a missing key points at its parent)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return (1, 1)

    def issue(self, path: Path, message: str, code: str = "") -> Issue:
        line, col = self.where(path)
        return Issue(self.file, line, col, dotted(path), clip(message), code)

    def warning(self, path: Path, message: str, code: str) -> Issue:
        line, col = self.where(path)
        return Issue(self.file, line, col, dotted(path), clip(message), code, "warning")

    def block_position(self, path: Path, line: int, col: int) -> tuple[int, int] | None:
        """File (line, col) of `line` (0-based), `col` (1-based) inside the literal block scalar at `path`, if it is one."""
        if path not in self.blocks:
            return None
        first, indent = self.blocks[path]
        return first + line, indent + col


_EMPTY = object()


class _Limit(Exception):
    """A hard limit was crossed: reading stops with this one issue."""

    def __init__(self, issue: Issue):
        super().__init__(issue.message)
        self.issue = issue


@dataclass
class _Frame:
    """A mapping or sequence being built: its value, path, and (mappings) the pending key."""

    value: dict[str, Any] | list[Any]
    path: Path
    start: int
    anchor: str | None
    key: str | None = None
    key_wanted: bool = True
    key_ok: bool = True
    first_line: dict[str, int] = field(default_factory=dict)


def _at(event: Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _next(parser: _Loader) -> Event:
    event = parser.get_event()
    assert event is not None  # libyaml ends every stream with a StreamEndEvent and then stops
    return event


class _Builder:
    """Turns libyaml's event stream into dicts/lists/scalars, iteratively, collecting issues."""

    def __init__(self, file: str, parser: _Loader, text: str):
        self.loaded = Loaded(file, None)
        self.parser = parser
        self.text = text
        self.lines: list[str] | None = None
        self.issues: list[Issue] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.count = 0
        self.result: Any = _EMPTY

    def fail(self, event: Event, message: str, path: Path = (), code: str = "SDG002") -> None:
        line, col = _at(event)
        self.issues.append(Issue(self.loaded.file, line, col, dotted(path), message, code))

    def limit(self, event: Event, message: str, code: str = LIMIT_CODE) -> _Limit:
        line, col = _at(event)
        return _Limit(Issue(self.loaded.file, line, col, "", message, code))

    def build(self) -> Any:
        """The single document's data, or None for an empty stream."""
        parser = self.parser
        parser.get_event()  # stream start
        if isinstance(parser.peek_event(), StreamEndEvent):
            return _EMPTY
        parser.get_event()  # document start
        self.node(_next(parser), ())
        while self.stack:
            event = _next(parser)
            frame = self.stack[-1]
            if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                self.close(frame)
                continue
            self.child(frame, event)
        parser.get_event()  # document end
        extra = parser.get_event()
        if isinstance(extra, DocumentStartEvent):
            line, col = _at(extra)
            raise _Limit(Issue(self.loaded.file, line, col, "", "a file holds one YAML document; remove this '---' and what follows", "SDG001"))
        return self.result

    def child(self, frame: _Frame, event: Event) -> None:
        """Place the next event inside `frame`: a key, a value or a list item."""
        if isinstance(frame.value, list):
            path = (*frame.path, len(frame.value))
            self.loaded.positions[path] = _at(event)
            self.node(event, path)
        elif frame.key_wanted:
            self.key(frame, event)
        else:
            frame.key_wanted = True
            self.node(event, (*frame.path, frame.key if frame.key_ok and frame.key is not None else -1))

    def key(self, frame: _Frame, event: Event) -> None:
        frame.key_wanted = False
        frame.key, frame.key_ok = None, False
        if not isinstance(event, ScalarEvent) or event.tag not in (None, "!", "tag:yaml.org,2002:str") or (
                event.value == "<<" and event.style is None):
            self.fail(event, "keys must be plain strings (no complex keys or '<<' merges)", frame.path)
            self.node(event, (*frame.path, -1))  # read it, then drop it with its value
            return
        key, (line, col) = event.value, _at(event)
        assert isinstance(frame.value, dict)
        if key in frame.first_line:
            self.fail(event, f"duplicate key '{key}' (first defined at line {frame.first_line[key]})", (*frame.path, key))
            return
        frame.key, frame.key_ok = key, True
        frame.first_line[key] = line
        self.loaded.positions[(*frame.path, key)] = (line, col)

    def node(self, event: Event, path: Path) -> None:
        """Start a collection (pushed on the stack) or place a finished scalar or alias."""
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.limit(event, f"the file holds more than {MAX_VALUES:,} values (aliases counted as copies); "
                                    "a problem file needs a few thousand")
        if isinstance(event, AliasEvent):
            self.alias(event, path)
            return
        if isinstance(event, CollectionStartEvent):
            if len(self.stack) >= MAX_DEPTH:
                raise self.limit(event, f"nesting deeper than {MAX_DEPTH} levels; a problem file needs fewer than 10")
            if event.tag not in _STANDARD_TAGS and event.tag is not None:
                self.fail(event, f"unsupported YAML tag '{event.tag}'; write plain values", path)
            value: dict[str, Any] | list[Any] = {} if isinstance(event, MappingStartEvent) else []
            self.stack.append(_Frame(value, path, self.count, event.anchor))
            return
        assert isinstance(event, ScalarEvent)
        line, col = _at(event)
        single = event.end_mark is not None and event.end_mark.line + 1 == line
        self.loaded.scalar_starts[path] = (line, col, not event.style and single)
        if event.style == "|":
            self.loaded.blocks[path] = (line + 1, self.indentation(line + 1))
        self.place(self.scalar(event, path), path, event.anchor, 1)

    def indentation(self, line: int) -> int:
        """Leading spaces of the first non-blank line from `line` (1-based) on: a literal block's indentation."""
        if self.lines is None:
            self.lines = self.text.split("\n")
        for text in self.lines[line - 1:]:
            if text.strip():
                return len(text) - len(text.lstrip(" "))
        return 0

    def alias(self, event: AliasEvent, path: Path) -> None:
        if event.anchor not in self.anchors:
            raise self.limit(event, f"unknown alias '*{event.anchor}' (an alias must follow its '&{event.anchor}' anchor, outside it)", "SDG001")
        value, size = self.anchors[event.anchor]
        self.count += size - 1
        if self.count > MAX_VALUES:
            raise self.limit(event, f"aliases expand to more than {MAX_VALUES:,} values; write the values out")
        self.loaded.positions.setdefault(path, _at(event))
        self.place(value, path, None, size)

    def close(self, frame: _Frame) -> None:
        self.stack.pop()
        self.place(frame.value, frame.path, frame.anchor, self.count - frame.start + 1)

    def place(self, value: Any, path: Path, anchor: str | None, size: int) -> None:
        """Store a finished value in its parent (or as the root) and remember its anchor."""
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.result = value
            return
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            parent.value.append(value)
        elif parent.key_wanted and parent.key_ok and parent.key is not None:
            parent.value[parent.key] = value
        # otherwise it is a refused key, or the value of a refused or duplicate key: dropped

    def scalar(self, event: ScalarEvent, path: Path) -> Any:
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            tag = self.parser.resolve(ScalarNode, value, event.implicit)
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() == "true"
        if tag == "tag:yaml.org,2002:int":
            return self.number(event, path, value, lambda: int(value, 0) if value[:2] in ("0o", "0x") else int(value))
        if tag == "tag:yaml.org,2002:float":
            return self.number(event, path, value, lambda: float(value.lower().replace(".inf", "inf").replace(".nan", "nan")))
        if tag == "tag:yaml.org,2002:null":
            return None
        self.fail(event, f"unsupported YAML tag '{tag}'; write plain values", path)
        return value

    def number(self, event: ScalarEvent, path: Path, text: str, read: Any) -> Any:
        """A finite number no larger than MAX_NUMBER, else an issue (and the text, so later stages stay quiet)."""
        number = read() if len(text) <= 40 else math.inf
        try:
            in_range(number, text)
        except NumberRangeError as exc:
            self.fail(event, str(exc), path, exc.code)
            return text
        return number


def load_text(text: str, file: str) -> tuple[Loaded | None, list[Issue]]:
    """Parse YAML text; return the data with positions, or the issues found."""
    parser = _Loader(text)
    builder = _Builder(file, parser, text)
    builder.loaded.positions[()] = (1, 1)
    try:
        builder.loaded.data = builder.build()
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_issue(exc, text, file)]
    except yaml.reader.ReaderError as exc:
        line, col = _byte_position(text.encode("utf-8", "surrogatepass"), exc.position)
        what = f"character #x{exc.character:04x}" if isinstance(exc.character, int) else "character"
        return None, [Issue(file, line, col, "", f"unacceptable {what}: {exc.reason}; remove it", "SDG001")]
    except yaml.YAMLError as exc:
        return None, [Issue(file, 1, 1, "", f"invalid YAML: {exc}", "SDG001")]
    except _Limit as exc:
        return None, [exc.issue]
    finally:
        parser.dispose()
    if builder.loaded.data is _EMPTY:
        return None, [Issue(file, 1, 1, "", "the file is empty", "SDG001")]
    return builder.loaded, builder.issues


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of byte `offset`, the column counted in characters."""
    start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[start:offset].decode("utf-8", "replace")) + 1


def _syntax_issue(exc: yaml.MarkedYAMLError, text: str, file: str) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = " ".join(part for part in (exc.context, exc.problem) if part)
    hint = syntax_hint(text.splitlines(), line, col, detail, exc.context_mark.line + 1 if exc.context_mark else None)
    return Issue(file, line, col, "", f"invalid YAML: {detail}{hint}", "SDG001")


def _shown(line: str) -> str:
    text = line.strip()
    return text if len(text) <= 40 else text[:37] + "..."


def _key_column(line: str) -> int:
    """1-based column where a line's content starts, after any '- ' item markers."""
    match = re.match(r"^([ \t]*(?:-[ \t]+)*)", line)
    return len(match.group(1)) + 1 if match else 1


def syntax_hint(lines: list[str], line: int, col: int, detail: str, context_line: int | None) -> str:
    """A hint for the mistakes contributors make most: indentation, tabs, an unquoted ': ', a missing ':'."""
    if not 1 <= line <= len(lines):
        return ""
    here = lines[line - 1]
    if "\t" in here[: max(col, _key_column(here))] or "cannot start any token" in detail and "\t" in here:
        return f"; line {line} has a tab: indent with spaces only"
    if "could not find expected ':'" in detail and context_line is not None and 1 <= context_line <= len(lines):
        return f"; add ':' after the key on line {context_line} ('{_shown(lines[context_line - 1])}'), or quote a value that spans lines"
    if "mapping values are not allowed" in detail and ": " in here[: col - 1].lstrip(" -"):
        return f"; the value on line {line} contains ': ', so put it in quotes (key: \"a: b\")"
    if not any(words in detail for words in ("expected key", "mapping values", "'-' indicator", "<block end>")):
        return ""
    above = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), None)
    hint = f"; check the indentation of line {line}: '{_shown(here)}' starts at column {_key_column(here)}"
    if above is None:
        return hint
    return hint + (f", but '{_shown(lines[above - 1])}' on line {above} starts at column {_key_column(lines[above - 1])}; "
                   "keys of one mapping must start in the same column, and a nested value further right than its key")


def read_text(path: FsPath, display: str) -> tuple[str | None, list[Issue]]:
    """A file's text, refusing files too big to be a problem file and reporting bad bytes at their line."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Issue(display, 1, 1, "", f"the file is {size / 1024:,.0f} KB; files are limited to "
                                                   f"{MAX_FILE_BYTES // 1024} KB", LIMIT_CODE)]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Issue(display, 0, 0, "", f"cannot read file: {exc.strerror}", "SDG001")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        return None, [Issue(display, line, col, "", f"not UTF-8 text: {exc.reason} (byte 0x{data[exc.start]:02x}); "
                                                    "save the file as UTF-8", "SDG001")]


def load_file(path: FsPath, display: str) -> tuple[Loaded | None, list[Issue]]:
    text, issues = read_text(path, display)
    if text is None:
        return None, issues
    return load_text(text, display)
