"""Validation driver: load -> model -> cross-checks -> estimates, for many files.

Pydantic's errors are rewritten into the project's wording and placed at the
line and column of the offending key; every issue in every file is collected
before anything is reported.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path as FsPath
from typing import Any

import pydantic

from . import checks, estimate, lint, prose
from .errors import Issue, Path, did_you_mean, internal_error
from .escape import raw_mermaid_problems
from .load import Loaded, load_file
from .model import RESERVED_SLUGS, Problem

PATTERN_HINTS = {
    r"^[a-z][a-z0-9_]*$": "use snake_case: lowercase letters, digits and _, starting with a letter",
    r"^(F|N)[0-9]+$": "requirement ids are F1, F2... (functional) or N1, N2... (non-functional)",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "use lowercase words joined by hyphens, e.g. url-shortener",
}
TYPE_ERRORS = {"string_type": "text", "float_type": "a number", "float_parsing": "a number",
               "int_type": "a whole number", "int_parsing": "a whole number", "bool_type": "true or false",
               "bool_parsing": "true or false", "list_type": "a list", "dict_type": "a mapping",
               "model_type": "a mapping", "model_attributes_type": "a mapping"}
TYPE_TAGS = {"str", "float", "int", "bool"}


@dataclass(frozen=True)
class Valid:
    """A problem that passed every check, with its computed estimate rows."""

    problem: Problem
    rows: list[estimate.Row]
    loaded: Loaded


def _model_at(root: type[pydantic.BaseModel], loc: Sequence[str | int]) -> type[pydantic.BaseModel] | None:
    """The model class found by following `loc` from `root` (for key suggestions)."""
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, pydantic.BaseModel)):
            return None
        field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return None
        current = field.annotation
        while typing.get_origin(current) in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0]
    return current if isinstance(current, type) and issubclass(current, pydantic.BaseModel) else None


def _keys(model: type[pydantic.BaseModel] | None) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()] if model else []


def _wanted(root: type[pydantic.BaseModel], loc: Sequence[str | int]) -> str:
    """': <field description>' for the field at `loc`, to say what to write there."""
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return ""
    model = _model_at(root, loc[: max(i for i, part in enumerate(loc) if isinstance(part, str))])
    field = next((f for n, f in (model.model_fields.items() if model else []) if (f.alias or n) == names[-1]), None)
    return f": {field.description}" if field is not None and field.description else ""


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool) or value is None:
        return "null" if value is None else str(value).lower()
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    text = str(value)
    return f"text ('{text if len(text) <= 60 else text[:57] + '...'}')"


def _message(error: Any, root: type[pydantic.BaseModel]) -> str:
    kind, loc, ctx, value = error["type"], error["loc"], error.get("ctx", {}), error.get("input")
    if kind == "extra_forbidden":
        allowed = _keys(_model_at(root, loc[:-1]))
        hint = did_you_mean(str(loc[-1]), allowed) or f"; allowed keys: {', '.join(allowed)}"
        return f"unknown key '{loc[-1]}'{hint}"
    if kind == "missing":
        return f"missing required key '{loc[-1]}'{_wanted(root, loc)}"
    if kind in ("too_short", "too_long"):
        bound = "at least" if kind == "too_short" else "at most"
        limit, actual = ctx.get("min_length", ctx.get("max_length")), ctx.get("actual_length")
        wanted = _wanted(root, loc) if actual == 0 else ""
        return f"expected {bound} {limit} item{'' if limit == 1 else 's'} but received {actual or 'none'}{wanted}"
    if kind == "string_too_short":
        return f"must not be empty{_wanted(root, loc)}"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch" and value == "":
        return f"must not be empty{_wanted(root, loc)}"
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not valid: {PATTERN_HINTS.get(ctx.get('pattern'), 'must match ' + str(ctx.get('pattern')))}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        choices = [c.strip().strip("'") for c in expected.split(",")]
        return f"expected one of: ({expected}) but received: '{value}'{did_you_mean(str(value), choices)}"
    if kind in TYPE_ERRORS:
        return f"expected {TYPE_ERRORS[kind]} but received {_describe(value)}"
    return str(error["msg"])


def _schema_issues(exc: pydantic.ValidationError, loaded: Loaded, root: type[pydantic.BaseModel]) -> list[Issue]:
    issues: dict[Path, Issue] = {}
    for error in exc.errors(include_url=False):
        loc: Path = tuple(error["loc"])
        if loc and loc[-1] in TYPE_TAGS:
            loc = loc[:-1]
            if loc in issues:
                continue
            message = f"expected a number or text but received {_describe(error.get('input'))}"
        else:
            message = _message(error, root)
        code = {"extra_forbidden": "SDG101", "missing": "SDG102", "too_short": "SDG104", "too_long": "SDG104",
                "string_pattern_mismatch": "SDG105", "literal_error": "SDG106"}.get(error["type"], "SDG103")
        if error.get("input") == "" and error["type"] == "string_pattern_mismatch":
            code = "SDG103"  # an empty id is missing content, not a malformed one
        issues[loc] = loaded.issue(loc, message, code)
    return list(issues.values())


def _finding_issue(loaded: Loaded, finding: estimate.Finding) -> Issue:
    issue = loaded.issue(finding.path, finding.message, finding.code)
    start = loaded.scalar_starts.get(finding.path)
    if finding.offset is not None and start is not None and start[2]:
        return Issue(issue.file, start[0], start[1] + finding.offset, issue.path, issue.message, issue.code)
    return issue


M = typing.TypeVar("M", bound=pydantic.BaseModel)


def parse_model(loaded: Loaded, model: type[M]) -> tuple[M | None, list[Issue]]:
    """Validate loaded data against `model`; issues in the project's wording, at their lines."""
    try:
        return model.model_validate(loaded.data), []
    except pydantic.ValidationError as exc:
        return None, _schema_issues(exc, loaded, model)


def load_model(path: FsPath, model: type[M], root: FsPath) -> tuple[M | None, Loaded | None, list[Issue]]:
    """Load and validate one data file against `model`."""
    loaded, issues = load_file(path, _display(path, root))
    if loaded is None:
        return None, None, issues
    parsed, more = parse_model(loaded, model)
    return (None if issues else parsed), loaded, issues + more


def validate_loaded(loaded: Loaded, slug: str) -> tuple[Valid | None, list[Issue]]:
    """Validate one loaded file whose name (without .yaml) is `slug`."""
    problem, issues = parse_model(loaded, Problem)
    if problem is None:
        return None, issues
    issues = [loaded.issue(path, message, code) for path, message, code in checks.check(problem)]
    issues += [loaded.warning(path, message, code) for path, message, code in lint.lint(problem)]
    if problem.slug != slug:
        issues.append(loaded.issue(("slug",), f"slug '{problem.slug}' must match the file name '{slug}.yaml'", "SDG207"))
    if problem.slug in RESERVED_SLUGS:
        issues.append(loaded.issue(("slug",), f"slug '{problem.slug}' is reserved for a generated page "
                                              f"({', '.join(sorted(RESERVED_SLUGS))}); choose another name", "SDG214"))
    issues += raw_mermaid_issues(loaded, problem)
    rows, findings = estimate.compute(problem.estimation)
    issues += [_finding_issue(loaded, f) for f in findings]
    issues += [loaded.warning(path, message, code) for path, message, code in lint.typed_figures(problem, rows)]
    if any(i.is_error for i in issues):
        return None, issues
    figures = {row.id: row.value for row in rows}
    rows = [replace(row, note=prose.resolve_text(row.note, figures)) for row in rows]
    return Valid(prose.resolve(problem, figures), rows, loaded), issues


def raw_mermaid_issues(loaded: Loaded, problem: Problem) -> list[Issue]:
    """Hand-written Mermaid outside the safe subset, at the line inside the block where it is."""
    issues = []
    for index, diagram in enumerate(problem.architecture.extra_diagrams):
        path: Path = ("architecture", "extra_diagrams", index, "mermaid")
        written = loaded.data["architecture"]["extra_diagrams"][index]["mermaid"]  # unstripped: lines match the file
        for line, col, message in raw_mermaid_problems(written if isinstance(written, str) else diagram.mermaid):
            issue = loaded.issue(path, message, "SDG107")
            where = loaded.block_position(path, line, col)
            issues.append(issue if where is None else Issue(issue.file, *where, issue.path, message, "SDG107"))
    return issues


def validate_files(files: Iterable[FsPath], root: FsPath) -> tuple[list[Valid], list[Issue]]:
    """Validate every file; report all issues from all files, plus duplicate slugs."""
    valid: list[Valid] = []
    issues: list[Issue] = []
    slugs: dict[str, str] = {}
    for path in sorted(files):
        display = _display(path, root)
        try:
            loaded, result, found = _validate_one(path, display)
        except Exception as exc:  # a bug, not bad input: report it against this file and go on
            issues.append(internal_error(display, exc))
            continue
        issues += found
        if loaded is None or result is None:
            continue
        slug = result.problem.slug
        if slug in slugs:
            issues.append(loaded.issue(("slug",), f"duplicate slug '{slug}' (also in {slugs[slug]})", "SDG208"))
            continue
        slugs[slug] = display
        valid.append(result)
    by_slug = {v.problem.slug: v for v in valid}
    try:
        for slug, where, message, code in lint.boilerplate([(v.problem.slug, v.problem) for v in valid]):
            issues.append(by_slug[slug].loaded.warning(where, message, code))
    except Exception as exc:
        issues.append(internal_error(", ".join(sorted({v.loaded.file for v in valid})) or "problems", exc))
    return valid, sorted(issues)


def _validate_one(path: FsPath, display: str) -> tuple[Loaded | None, Valid | None, list[Issue]]:
    """Load and validate one file. A later stage's finding at a path the loader already flagged is dropped."""
    loaded, found = load_file(path, display)
    if loaded is None:
        return None, None, found
    result, more = validate_loaded(loaded, path.stem)
    flagged = {issue.path for issue in found if issue.path}
    more = [issue for issue in more if issue.path not in flagged]
    return loaded, (None if any(i.is_error for i in found) else result), found + more


def _display(path: FsPath, root: FsPath) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


