"""Errors are data: every stage returns a list of `Problem` records.

Bad input is never raised as a bare exception; a stage collects what it finds
and the driver reports all of it at once, `file:line:col: field.path: message`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

Path = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Issue:
    """One finding in one file. `line`/`col` are 1-based; 0 means unknown."""

    file: str
    line: int
    col: int
    path: str
    message: str
    code: str = field(default="", compare=False)
    severity: str = field(default="error", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        field_part = f" {self.path}:" if self.path else ""
        label = "" if self.is_error else " warning:"
        code = f" [{self.code}]" if self.code else ""
        return f"{where}:{field_part}{label} {self.message}{code}"

    def annotation(self) -> str:
        """The same finding as a GitHub Actions workflow command."""
        text = f"{self.path}: {self.message}" if self.path else self.message
        text = f"{text} [{self.code}]" if self.code else text
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        kind = "error" if self.is_error else "warning"
        return f"::{kind} file={self.file},line={self.line},col={self.col}::{text}"

    def as_error(self) -> Issue:
        return replace(self, severity="error")


class UserError(Exception):
    """Bad input: carries every issue found; printed without a traceback."""

    def __init__(self, issues: Sequence[Issue], warnings: Sequence[Issue] = ()):
        self.issues = sorted(issues)
        self.warnings = sorted(warnings)
        super().__init__(report(self.issues))


INTERNAL_CODE = "SDG900"
_QUOTED = re.compile(r"(?:^|(?<=[\s(\[:,]))'([^\s'][^'\n]{60,})'")  # a quoted value, not prose between two


def clip(message: str) -> str:
    """A message whose quoted values are at most 60 characters: a 5,000-character id is shown by its start."""
    return _QUOTED.sub(lambda m: f"'{m.group(1)[:50]}…' ({len(m.group(1)):,} characters)", message)


def internal_error(file: str, exc: BaseException) -> Issue:
    """An unexpected exception while handling `file`: a bug to report, shown like any finding."""
    where = exc.__traceback__
    while where is not None and where.tb_next is not None:
        where = where.tb_next
    place = f" at {where.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{where.tb_lineno}" if where else ""
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return Issue(file, 1, 1, "", f"internal error: {type(exc).__name__}{': ' + detail if detail else ''}{place}; "
                                 "this is a bug in the study-guide tools, please report it with this file", INTERNAL_CODE)


def dotted(path: Path) -> str:
    """('a', 2, 'b') -> 'a[2].b', the form used in every message."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = part if len(part) <= 60 else part[:50] + "…"
            out += f".{name}" if out else name
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def summary(issues: Sequence[Issue]) -> str:
    """'2 errors in 1 file', '1 error, 3 warnings in 2 files'."""
    errors = sum(1 for i in issues if i.is_error)
    warnings = len(issues) - errors
    counts = _count(errors, "error") + (f", {_count(warnings, 'warning')}" if warnings else "")
    return f"{counts} in {_count(len({i.file for i in issues}), 'file')}"


def report(issues: Sequence[Issue]) -> str:
    return "\n".join([*map(str, issues), summary(issues)])
