"""The site's data files (docs/data/*.yaml): loaded, validated and cross-checked.

Same loader, same error format as problem files. Cross-checks make sure every
problem slug a data file names exists and every component kind has a guide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import checks, estimate, lint
from .errors import Issue
from .errors import Path as FieldPath
from .load import Loaded
from .model import COMPONENT_KINDS
from .reference import Components, Framework, Glossary, Mistakes, Reference, Tradeoffs
from .units import UnitError, parse_number, parse_unit
from .validate import load_model

FILES: dict[str, type[BaseModel]] = {
    "framework": Framework, "reference": Reference, "components": Components,
    "tradeoffs": Tradeoffs, "mistakes": Mistakes, "glossary": Glossary,
}
SECTION_IDS = ["requirements", "estimation", "api", "architecture", "deep-dives", "tradeoffs", "wrap-up"]
PATTERN_IDS = {"read_heavy", "write_heavy", "real_time", "storage_heavy", "search_heavy"}

Found = tuple[FieldPath, str, str]


@dataclass(frozen=True)
class SiteData:
    framework: Framework
    reference: Reference
    components: Components
    tradeoffs: Tradeoffs
    mistakes: Mistakes
    glossary: Glossary
    sources: dict[str, Loaded] = field(default_factory=dict, compare=False, repr=False)


def _framework(data: Framework, slugs: set[str]) -> Iterator[Found]:
    ids = [s.id for s in data.sections]
    if ids != SECTION_IDS:
        yield ("sections",), f"expected the section ids {SECTION_IDS} in this order but received {ids}", "SDG205"
    for v, variant in enumerate(data.variants):
        for length, minutes in variant.published.items():
            path = ("variants", v, "published", length)
            if len(minutes) != len(variant.phases):
                yield path, f"expected {len(variant.phases)} numbers (one per phase) but received {len(minutes)}", "SDG206"
            elif sum(minutes) != length:
                yield path, f"the minutes add up to {sum(minutes)}, not {length}", "SDG307"
    for i, checkpoint in enumerate(data.checkpoints):
        if checkpoint.after not in ids:
            yield ("checkpoints", i, "after"), checks.one_of(checkpoint.after, ids), "SDG202"


def _slugs(base: FieldPath, refs: list[str], slugs: set[str]) -> Iterator[Found]:
    for i, slug in enumerate(refs):
        if slug not in slugs:
            yield (*base, i), checks.unknown(slug, "problem", slugs), "SDG202"


def _quantity(value_path: FieldPath, unit_path: FieldPath, value: object, unit: str, expect: str = "") -> Iterator[Found]:
    """A number and unit the unit engine reads; with `expect` (a unit like 's'), of that dimension."""
    try:
        parse_number(value)
    except UnitError as exc:
        yield value_path, str(exc), "SDG301"
        return
    try:
        found = parse_unit(unit)
    except UnitError as exc:
        yield unit_path, str(exc), "SDG302"
        return
    if expect and found.dimensionality != parse_unit(expect).dimensionality:
        yield unit_path, f"expected a unit like '{expect}' but received '{unit}'", "SDG306"


def _reference(data: Reference, slugs: set[str]) -> Iterator[Found]:
    for i, row in enumerate(data.latency):
        yield from _quantity(("latency", i, "value"), ("latency", i, "unit"), row.value, row.unit, "s")
        if row.today is not None:
            yield from _quantity(("latency", i, "today", "value"), ("latency", i, "unit"), row.today.value, row.unit, "s")
    for i, rate in enumerate(data.throughput):
        for bound in ("low", "high") if rate.high != "" else ("low",):
            yield from _quantity(("throughput", i, bound), ("throughput", i, "unit"), getattr(rate, bound), rate.unit, "/s")
    for i, product in enumerate(data.scale):
        yield from _quantity(("scale", i, "value"), ("scale", i, "unit"), product.value, product.unit)
    for i, percent in enumerate(data.availability):
        if not 0 < percent < 100:
            yield ("availability", i), f"expected a percentage between 0 and 100 but received {percent}", "SDG103"
    for i, pattern in enumerate(data.patterns):
        yield from _slugs(("patterns", i, "problems"), pattern.problems, slugs)
    yield from _worked(data)


def _worked(data: Reference) -> Iterator[Found]:
    """Worked estimates have unique ids and formulas the engine can evaluate."""
    seen: set[str] = set()
    for i, example in enumerate(data.worked):
        if example.id in seen:
            yield ("worked", i, "id"), f"duplicate id '{example.id}'", "SDG201"
        seen.add(example.id)
        for finding in estimate.compute(example, ("worked", i))[1]:
            yield finding.path, finding.message, finding.code


def _components(data: Components, slugs: set[str]) -> Iterator[Found]:
    kinds = [c.kind for c in data.components]
    for i, kind in enumerate(kinds):
        if kinds.index(kind) != i:
            yield ("components", i, "kind"), f"duplicate guide for kind '{kind}'", "SDG201"
    missing = [k for k in COMPONENT_KINDS if k not in kinds]
    if missing:
        yield ("components",), f"missing a guide for kinds: {', '.join(missing)}", "SDG102"
    yield from checks.stage_rules(data.building_blocks, data.building_stages, ("building_blocks",), ("building_stages",))
    for i, component in enumerate(data.building_blocks):
        for j, ref in enumerate(component.cites):
            if ref not in PATTERN_IDS:
                yield ("building_blocks", i, "cites", j), checks.unknown(ref, "pattern id", PATTERN_IDS), "SDG202"


def _tradeoffs(data: Tradeoffs, slugs: set[str]) -> Iterator[Found]:
    seen: set[str] = set()
    for i, trade in enumerate(data.tradeoffs):
        if trade.id in seen:
            yield ("tradeoffs", i, "id"), f"duplicate id '{trade.id}'", "SDG201"
        seen.add(trade.id)
        yield from checks.choice_rules(trade, ("tradeoffs", i))
        for j, pick in enumerate(trade.pick):
            if pick.option not in trade.options:
                yield ("tradeoffs", i, "pick", j, "option"), checks.one_of(pick.option, list(trade.options)), "SDG205"


def _glossary(data: Glossary, slugs: set[str]) -> Iterator[Found]:
    seen: dict[str, int] = {}
    for i, term in enumerate(data.terms):
        for j, form in enumerate([term.term, *term.aliases]):
            key = form.lower()
            path: FieldPath = ("terms", i, "term") if j == 0 else ("terms", i, "aliases", j - 1)
            if key in seen:
                yield path, f"'{form}' is already defined by terms[{seen[key]}]", "SDG201"
            seen.setdefault(key, i)


RULES: dict[str, Callable[[Any, set[str]], Iterator[Found]]] = {
    "framework": _framework, "reference": _reference, "components": _components,
    "tradeoffs": _tradeoffs, "glossary": _glossary,
}


def load_site_data(folder: Path, root: Path, slugs: set[str]) -> tuple[SiteData | None, list[Issue]]:
    """Load every data file; report all issues of all files (style warnings do not stop the load)."""
    loaded: dict[str, BaseModel] = {}
    sources: dict[str, Loaded] = {}
    issues: list[Issue] = []
    for name, model in FILES.items():
        path = folder / f"{name}.yaml"
        if not path.is_file():
            issues.append(Issue(f"{path.relative_to(root) if path.is_relative_to(root) else path}", 0, 0, "", "data file is missing", "SDG001"))
            continue
        parsed, source, found = load_model(path, model, root)
        issues += found
        if parsed is None or source is None:
            continue
        rule = RULES.get(name)
        if rule is not None:
            issues += [_located(source, f) for f in rule(parsed, slugs)]
        issues += [source.warning(path, message, code) for path, message, code in lint.long_prose(parsed)]
        loaded[name] = parsed
        sources[name] = source
    if any(i.is_error for i in issues) or len(loaded) < len(FILES):
        return None, issues
    return SiteData(**loaded, sources=sources), issues  # type: ignore[arg-type]


def _located(source: Loaded, found: Found) -> Issue:
    path, message, code = found
    return source.issue(path, message, code)
