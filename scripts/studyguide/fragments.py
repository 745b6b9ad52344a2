"""Includes: generated tables and diagrams inside hand-written chapters.

A line `<!-- include: NAME -->` in a docs page is replaced by the fragment
NAME, rendered by the same templates and numbers as everything else. Unknown
names are errors at their file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import diagrams, estimate
from .compute import MATRIX_PAGE, decision, kind_page, page_context, problem_page, relative, stage_views
from .data import SiteData
from .errors import Issue, did_you_mean
from .escape import Raw
from .framework import pacing, slots
from .model import COMPONENT_KINDS
from .pages import instances
from .render import render
from .units import format_duration, format_value, parse_display, parse_number, parse_unit
from .validate import Valid

# An include line may be indented (inside an admonition or a fold): the fragment is indented to match.
INCLUDE = re.compile(r"^(?P<indent>[ \t]*)<!-- include: (?P<name>[\w/.-]+) -->[ \t]*$", re.MULTILINE)
# Short excerpts of a problem a chapter may show; each links to the full section,
# so no chapter reprints a problem section and the problem stays fresh to practise.
PROBLEM_PARTS = {part: f"excerpts/{part}.md.j2" for part in (
    "questions", "numbers", "endpoint", "stage", "trace", "entity", "grades", "tradeoff", "disaster", "levels", "cut",
)}
DURATIONS = (30, 45, 60)
YEAR_S = 365 * 86400.0
CODE_LENGTHS = (6, 7, 8)
CODE_RATE = 1000.0  # new short codes a second, for "how long the space lasts"


@dataclass(frozen=True)
class Sources:
    templates: Path
    data: SiteData
    problems: dict[str, Valid]


Fragment = Callable[[Sources, str], tuple[str, dict[str, Any]]]


def _seconds(value: object, unit: str) -> float:
    return float((parse_number(value) * parse_unit(unit)).to("second").magnitude)


def framework_sections(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    fw = src.data.framework
    total = sum(s.weight for s in fw.sections)
    by_length = {m: pacing(fw, m) for m in DURATIONS}
    rows = [{"section": s, "share": round(100 * s.weight / total), "minutes": [by_length[m][i].minutes for m in DURATIONS]}
            for i, s in enumerate(fw.sections)]
    return "fragments/framework_sections.md.j2", {"rows": rows, "durations": DURATIONS}


def framework_variants(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    return "fragments/framework_variants.md.j2", {"variants": src.data.framework.variants}


def _variant_column(variant: Any, minutes: int) -> tuple[str, list[tuple[str, int, int]]]:
    """A variant's pacing: as published for this length, else scaled from its weights."""
    if minutes in variant.published:
        shares, label = variant.published[minutes], f"{variant.name} (published)"
    else:
        shares, label = [s.minutes for s in slots(variant.phases, [p.weight for p in variant.phases], minutes)], f"{variant.name} (scaled)"
    clock, column = 0, []
    for phase, share in zip(variant.phases, shares, strict=True):
        clock += share
        column.append((phase.name, share, clock))
    return label, column


def framework_pacing(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    fw = src.data.framework
    tables = []
    for minutes in DURATIONS:
        guide = [(slot.section.title, slot.minutes, slot.ends_at) for slot in pacing(fw, minutes)]
        labelled = [("This guide", guide), *(_variant_column(v, minutes) for v in fw.variants)]
        columns = [column for _, column in labelled]
        height = max(len(c) for c in columns)
        rows = [[c[i] if i < len(c) else None for c in columns] for i in range(height)]
        tables.append({"minutes": minutes, "schemes": [label for label, _ in labelled], "rows": rows})
    return "fragments/framework_pacing.md.j2", {"tables": tables}


def framework_checkpoints(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    titles = {s.id: s.title for s in src.data.framework.sections}
    return "fragments/framework_checkpoints.md.j2", {"checkpoints": [(titles[c.after], c.ask) for c in src.data.framework.checkpoints]}


def _source(label: str, row: Any) -> dict[str, Any]:
    return {"label": label, "source": row.source, "year": row.year}


def _latency_rows(src: Sources) -> list[dict[str, Any]]:
    rows = src.data.reference.latency
    seconds = [_seconds(r.value, r.unit) for r in rows]
    base = min(seconds)
    display = parse_display("s")
    return [{"row": r, "value": format_value(s, display), "scaled": format_duration(s / base),
             "today": format_value(_seconds(r.today.value, r.unit), display) if r.today else ""}
            for r, s in zip(rows, seconds, strict=True)]


def reference_latency(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    rows = src.data.reference.latency
    sources = [_source(r.operation, r) for r in rows]
    sources += [_source(f"{r.operation}, today", r.today) for r in rows if r.today]
    return "fragments/latency.md.j2", {"rows": _latency_rows(src), "sources": sources}


def reference_latency_compact(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    return "fragments/latency_compact.md.j2", {"rows": _latency_rows(src)}


def _throughput_rows(src: Sources) -> list[dict[str, Any]]:
    out = []
    for r in src.data.reference.throughput:
        display = parse_display(r.unit)
        low = format_value(parse_number(r.low), parse_display(""))
        high = format_value(parse_number(r.high), parse_display("")) if r.high != "" else ""
        per = display.text("")
        out.append({"row": r, "range": f"{low}-{high}{per}" if high else f"{low}+{per}"})
    return out


def reference_throughput(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    sources = [_source(r.component, r) for r in src.data.reference.throughput]
    return "fragments/throughput.md.j2", {"rows": _throughput_rows(src), "sources": sources}


def reference_throughput_compact(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    return "fragments/throughput_compact.md.j2", {"rows": _throughput_rows(src)}


def reference_availability(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    rows = []
    for percent in src.data.reference.availability:
        down = (1 - percent / 100) * YEAR_S
        rows.append({"percent": f"{percent:g} %", "nines": _nines(percent), "year": format_duration(down),
                     "month": format_duration(down / 12), "day": format_duration(down / 365)})
    return "fragments/availability.md.j2", {"rows": rows}


def _nines(percent: float) -> str:
    """99.99 -> 'four nines'; 99.95 -> 'three and a half nines' (the usual name)."""
    digits = f"{percent:g}".replace(".", "")
    nines = len(digits) - len(digits.lstrip("9"))
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
    if nines < 2 or nines not in words:
        return ""
    rest = digits[nines:]
    if rest == "5":
        return f"{words[nines]} and a half nines"
    return f"{words[nines]} nines" if not rest else ""


def reference_storage_units(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    rows = []
    for power, symbol, name in [(3, "KB", "kilobyte"), (6, "MB", "megabyte"), (9, "GB", "gigabyte"), (12, "TB", "terabyte"), (15, "PB", "petabyte")]:
        binary = 2 ** (10 * power // 3)
        rows.append({"symbol": symbol, "name": name, "power": power, "bytes": f"{10 ** power:,}",
                     "binary": f"{binary:,}", "gap": f"{100 * (binary / 10 ** power - 1):.1f} %"})
    return "fragments/storage_units.md.j2", {"rows": rows}


def reference_scale(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    rows = []
    for r in src.data.reference.scale:
        quantity = parse_number(r.value) * parse_unit(r.unit)
        per_second = ""
        if quantity.dimensionality == parse_unit("/s").dimensionality:
            per_second = format_value(float(quantity.to("1/second").magnitude), parse_display("/s"))
        rows.append({"row": r, "value": format_value(parse_number(r.value), parse_display("")) + (r.unit if r.unit.startswith("/") else (" " + r.unit if r.unit else "")),
                     "per_second": per_second})
    sources = [_source(f"{r.product}, {r.metric[:1].lower()}{r.metric[1:]}", r) for r in src.data.reference.scale]
    return "fragments/scale.md.j2", {"rows": rows, "sources": sources}


def reference_sizes(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    rows = src.data.reference.sizes
    return "fragments/sizes.md.j2", {"rows": rows, "sources": [_source(r.item, r) for r in rows]}


def reference_base62(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    """Short-code space by length: 62^n codes, and how long it lasts at CODE_RATE new codes a second."""
    rows = [{"length": n, "codes": format_value(62.0 ** n, parse_display("")),
             "lasts": format_duration(62.0 ** n / CODE_RATE)} for n in CODE_LENGTHS]
    return "fragments/base62.md.j2", {"rows": rows, "rate": format_value(CODE_RATE, parse_display("/s"))}


def reference_worked(src: Sources, page: str, worked: Any) -> tuple[str, dict[str, Any]]:
    """A worked estimate from reference.yaml, computed by the problems' estimate engine."""
    rows, _ = estimate.compute(worked, ("worked",))
    return "fragments/worked.md.j2", {"worked": worked, "inputs": [r for r in rows if not r.derived],
                                      "derived": [r for r in rows if r.derived]}


def _table(template: str, key: str) -> Fragment:
    def fragment(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
        return template, {"rows": getattr(src.data.reference, key)}
    return fragment


def reference_patterns(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    rows = [{"row": r, "problems": [(src.problems[s].problem.title, relative(page, problem_page(s))) for s in r.problems]}
            for r in src.data.reference.patterns]
    return "fragments/patterns.md.j2", {"rows": rows}


def components_checklist(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    guides = sorted(src.data.components.components, key=lambda g: COMPONENT_KINDS.index(g.kind))
    return "fragments/checklist.md.j2", {"rows": [{"guide": g, "href": relative(page, kind_page(g.kind))} for g in guides]}


def components_legend(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    return "fragments/diagram.md.j2", {"diagram": diagrams.legend(COMPONENT_KINDS)}


def components_building_blocks(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    comps = src.data.components
    return "fragments/building_blocks.md.j2", {
        "stages": stage_views(comps.building_blocks, comps.building_stages),
        "kind_label": diagrams.KIND_LABELS,
        "kind_href": {k: relative(page, kind_page(k)) for k in COMPONENT_KINDS},
    }


def _classic(src: Sources, page: str, trades: list[Any]) -> tuple[str, dict[str, Any]]:
    found = instances(list(src.problems.values()), page)
    views = [{**decision(t), "instances": found.get(t.id, [])} for t in trades]
    return "fragments/tradeoffs.md.j2", {"decisions": views, "matrix_href": relative(page, MATRIX_PAGE)}


def tradeoffs_all(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    return _classic(src, page, list(src.data.tradeoffs.tradeoffs))


def mistakes_all(src: Sources, page: str) -> tuple[str, dict[str, Any]]:
    titles = {s.id: s.title for s in src.data.framework.sections}
    rows = [{"row": m, "phase": titles.get(m.phase, "Throughout")} for m in src.data.mistakes.mistakes]
    return "fragments/mistakes.md.j2", {"rows": rows}


FRAGMENTS: dict[str, Fragment] = {
    "framework/sections": framework_sections,
    "framework/variants": framework_variants,
    "framework/pacing": framework_pacing,
    "framework/checkpoints": framework_checkpoints,
    "reference/latency": reference_latency,
    "reference/latency-compact": reference_latency_compact,
    "reference/throughput": reference_throughput,
    "reference/throughput-compact": reference_throughput_compact,
    "reference/availability": reference_availability,
    "reference/storage-units": reference_storage_units,
    "reference/scale": reference_scale,
    "reference/shortcuts": _table("fragments/shortcuts.md.j2", "shortcuts"),
    "reference/shortcuts-compact": _table("fragments/shortcuts_compact.md.j2", "shortcuts"),
    "reference/sizes": reference_sizes,
    "reference/sizes-compact": _table("fragments/sizes_compact.md.j2", "sizes"),
    "reference/one-liners": _table("fragments/one_liners.md.j2", "one_liners"),
    "reference/base62": reference_base62,
    "reference/patterns": reference_patterns,
    "components/checklist": components_checklist,
    "components/legend": components_legend,
    "components/building-blocks": components_building_blocks,
    "tradeoffs/all": tradeoffs_all,
    "mistakes/all": mistakes_all,
}


def names(src: Sources) -> list[str]:
    """Every include name available, for messages and the docs."""
    dynamic = [f"tradeoffs/{t.id}" for t in src.data.tradeoffs.tradeoffs]
    dynamic += [f"reference/worked/{w.id}" for w in src.data.reference.worked]
    dynamic += [f"problem/{slug}/{part}" for slug in sorted(src.problems) for part in PROBLEM_PARTS]
    return [*FRAGMENTS, *dynamic]


def fragment(src: Sources, name: str, page: str) -> str | None:
    """Render one include for `page` (a docs path), or None when the name is unknown."""
    if name in FRAGMENTS:
        template, context = FRAGMENTS[name](src, page)
        return render(src.templates, template, context)
    kind, _, rest = name.partition("/")
    worked = {f"worked/{w.id}": w for w in src.data.reference.worked}
    if kind == "reference" and rest in worked:
        template, context = reference_worked(src, page, worked[rest])
        return render(src.templates, template, context)
    if kind == "tradeoffs":
        match = [t for t in src.data.tradeoffs.tradeoffs if t.id == rest]
        if match:
            template, context = _classic(src, page, match)
            return render(src.templates, template, context)
    if kind == "problem":
        slug, _, part = rest.partition("/")
        if slug in src.problems and part in PROBLEM_PARTS:
            return render(src.templates, PROBLEM_PARTS[part], page_context(src.problems[slug], src.data, page, {s: v.problem.title for s, v in src.problems.items()}))
    return None


def expand(src: Sources, markdown: str, page: str) -> tuple[str, list[Issue]]:
    """Replace every include line of a docs page; unknown names become issues."""
    issues: list[Issue] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        text = fragment(src, name, page)
        if text is None:
            line = markdown.count("\n", 0, match.start()) + 1
            message = f"unknown include '{name}'{did_you_mean(name, names(src))}"
            issues.append(Issue(f"docs/{page}", line, len(match.group("indent")) + 1, "", message, "SDG401"))
            return match.group(0)
        indent = match.group("indent")
        return Raw("\n".join(indent + line if line.strip() else "" for line in text.strip("\n").splitlines()))

    return INCLUDE.sub(replace, markdown), issues
