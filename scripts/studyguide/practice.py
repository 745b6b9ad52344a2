"""Practice mode's data: what a problem page's scripts need, computed once in Python.

The page carries one JSON object (in a `<script type="application/json">`
element, escaped so no text can close it): the estimate formula trees with the
unit factors the browser needs to re-evaluate them, the decision points, the
pacing slots for the timer, each section's prompt and self-assessment
checklist, and the interviewer dialogue. Text keeps its figure marks (see
prose.py), so the page can show quoted figures live.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .decisions import Decision
from .escape import Raw, compute_span
from .estimate import Row
from .model import Problem
from .prose import mark
from .units import parse_display, parse_unit

if TYPE_CHECKING:
    from .data import SiteData
    from .framework import Slot

FORMAT = 1
SCRIPTS = ("store.js", "estimates.js", "practice.js", "dialogue.js", "timer.js", "render-later.js")
INDEX_SCRIPTS = ("store.js", "progress.js")
STYLESHEET = "practice.css"
LEVELS = ("mid", "senior", "staff")
SCOPE_WORDS = {"component": "", "zone": "zone loss", "store": "data store lost", "region": "region lost"}
DISTRACTOR_REPLY = "Fair question, but it does not change much here. What else?"

Item = dict[str, str]


def si_factor(unit: Any) -> float:
    """How many base units (seconds, bits) one of `unit` is."""
    return float((1 * unit).to_base_units().magnitude)


def _display(unit: str) -> dict[str, Any]:
    shown = parse_display(unit)
    return {"num": shown.numerator, "den": shown.denominator, "si": si_factor(shown.unit)}


def estimates(problem: Problem, rows: list[Row]) -> dict[str, Any]:
    """Inputs with their unit factors, derived rows with their formula trees and display units."""
    items = {i.id: i for i in problem.estimation.inputs}
    inputs = [{"id": r.id, "label": r.label, "text": str(items[r.id].value), "unit": r.unit,
               "si": si_factor(parse_unit(r.unit))} for r in rows if not r.derived]
    derived = [{"id": r.id, "label": r.label, "tree": r.tree, "unit": r.unit, "display": _display(r.unit),
                "value": r.value, "figure": r.figure} for r in rows if r.derived]
    return {"inputs": inputs, "derived": derived}


def decision_points(decisions: Sequence[Decision]) -> list[dict[str, Any]]:
    return [{"row": d.row.id, "at": d.at_value, "input": d.input.id if d.input else "", "above": d.is_above, "flip": d.flip}
            for d in decisions]


# Prompts ---------------------------------------------------------------------

def _names(items: Sequence[str], limit: int = 6) -> str:
    """'a, b and c'; a long list ends with 'and N more'; an empty one is 'none'."""
    items = list(items)
    if not items:
        return "none"
    if len(items) > limit:
        items = items[: limit - 1] + [f"{len(items) - limit + 1} more"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def details(problem: Problem, rows: list[Row]) -> dict[str, list[str]]:
    """What this problem asks of each section, beyond the generic prompt."""
    req, arch, dd = problem.requirements, problem.architecture, problem.deep_dives
    qualities = list(dict.fromkeys(r.quality for r in req.non_functional))
    key_rows = [r.label for r in rows if r.derived and any(d.id == r.id and d.key for d in problem.estimation.derived)]
    key_stage = next((i + 1 for i, s in enumerate(arch.stages) if s.key), len(arch.stages))
    return {
        "requirements": [f"Targets to pin: {_names(qualities)}.",
                         f"The reference answer assumes {len(req.clarifying)} answers and lists {len(req.functional)} functional requirements."],
        "estimation": [f"Start from assumptions such as {_names([r.label for r in rows if not r.derived], 5)}.",
                       f"Numbers to reach: {_names(key_rows)}."],
        "api": [f"Serve: {_names([f'{r.id} {r.text}' for r in req.functional], 8)}.",
                f"The reference answer has {len(problem.api.endpoints)} endpoints"
                + (f" and {len(problem.api.events)} stream events." if problem.api.events else ".")],
        "architecture": [f"Trace: {_names([t.title for t in arch.traces])}.",
                         f"The reference grows in {len(arch.stages)} stages; in the room, stop drawing at stage {key_stage}."],
        "deep-dives": [f"Model {_names([e.name for e in dd.data_model.entities])}, then choose a shard key.",
                       f"Go deep on: {_names([d.title for d in dd.dives])}."],
        "tradeoffs": [f"Decide {t.title}: {_names(t.options)}." for t in problem.tradeoffs],
        "wrap-up": [f"What happens when: {_names([failure_name(problem, f) for f in problem.wrapup.failures])}?",
                    "Then name what saturates first at 10x load, and close in 30 seconds."],
    }


def failure_name(problem: Problem, failure: Any) -> str:
    name = next(c.name for c in problem.architecture.components if c.id == failure.component)
    scope = SCOPE_WORDS[failure.scope]
    return f"{name}: {scope}" if scope else f"{name} fails"


# Self-assessment -------------------------------------------------------------

def item(ident: str, text: str, level: str) -> Item:
    return {"id": ident, "text": text, "level": level}


def lower_first(text: str) -> str:
    """'Peak write QPS' -> 'peak write QPS'; an acronym keeps its case ('QPS per node')."""
    head = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if head[1:].islower() or len(head) == 1 else text


def requirement_checks(problem: Problem) -> Iterator[Item]:
    req = problem.requirements
    for i, c in enumerate(req.clarifying):
        yield item(f"ask-{i}", f"Asked: {c.question}", "mid" if c.key else "senior")
    yield item("functional", f"Listed what users can do ({len(req.functional)} functional requirements in the reference).", "mid")
    qualities = list(dict.fromkeys(r.quality for r in req.non_functional))
    yield item("targets", f"Put a measurable target on {_names(qualities)}.", "mid")
    yield item("scope", f"Said what you leave out, such as: {req.out_of_scope[0]}", "senior")


def estimation_checks(problem: Problem, rows: list[Row], decisions: Sequence[Decision]) -> Iterator[Item]:
    yield item("assumptions", "Stated your assumptions as numbers before computing.", "mid")
    by_id = {r.id: r for r in rows}
    for d in problem.estimation.derived:
        if d.key:
            yield item(f"quote-{d.id}", f"Quoted {lower_first(d.label)}: about {mark(d.id, by_id[d.id].value)}.", "mid")
    yield item("implies", "Said what each number means for the design.", "senior")
    for i, point in enumerate(decisions):
        yield item(f"flip-{i}", f"Said where {lower_first(point.row.label)} flips the design: at {point.at}.", "senior")


def api_checks(problem: Problem) -> Iterator[Item]:
    api = problem.api
    yield item("style", "Said why this protocol fits.", "mid")
    for i, e in enumerate(api.endpoints):
        yield item(f"endpoint-{i}", f"Defined {e.method} {e.path}: {e.purpose}", "mid")
    yield item("auth", "Said how clients authenticate.", "mid")
    if any(e.idempotency for e in api.endpoints):
        yield item("retries", "Made retries safe (an idempotency key, or a naturally idempotent call).", "senior")
    if any(e.pagination for e in api.endpoints):
        yield item("paging", "Paged the list endpoints with a cursor.", "senior")
    if any(e.rate_limit for e in api.endpoints):
        yield item("limits", "Said who is rate-limited and what they see.", "senior")


def architecture_checks(problem: Problem) -> Iterator[Item]:
    arch = problem.architecture
    names = {c.id: c.name for c in arch.components}
    key = next((i for i, s in enumerate(arch.stages) if s.key), 0)
    yield item("simplest", f"Started from the simplest design that works ({arch.stages[0].title}).", "mid")
    shown = [names[ref] for s in arch.stages[: key + 1] for ref in s.adds]
    yield item("key-stage", f"Drew up to {arch.stages[key].title}: {_names(shown, 8)}.", "mid")
    for i, stage in enumerate(arch.stages[key + 1:], start=key + 1):
        yield item(f"stage-{i}", f"Grew it with {stage.title}, and said what forced it.", "senior")
    yield item("cited", "Tied each component to a requirement or a number.", "senior")
    for i, trace in enumerate(arch.traces):
        yield item(f"trace-{i}", f"Walked one request end to end: {trace.title}.", "mid" if i == 0 else "senior")
    yield item("persisted", "Said where data is stored before the reply.", "senior")


def dive_checks(problem: Problem) -> Iterator[Item]:
    dm = problem.deep_dives.data_model
    yield item("stores", "Chose a store for each entity and said why.", "mid")
    yield item("access", "Showed how each access pattern is served.", "mid")
    yield item("shard-key", f"Chose a shard key and said why (reference: {dm.sharding.key}).", "senior")
    yield item("hot-spots", "Said where a hot spot can still appear and how to handle it.", "senior")
    for i, dive in enumerate(problem.deep_dives.dives):
        level = "mid" if dive.key else "senior"
        yield item(f"dive-{i}", f"Went deep on {dive.title} and recommended an approach ({dive.recommendation.choice}).", level)
        weak = [a.name for a in dive.approaches if a.grade in ("weak", "fair")]
        if weak:
            yield item(f"dive-{i}-rejected", f"Named {_names(weak)} and said why it loses here.", "senior")


def tradeoff_checks(problem: Problem) -> Iterator[Item]:
    for i, t in enumerate(problem.tradeoffs):
        others = _names([o for o in t.options if o != t.choice])
        yield item(f"tradeoff-{i}", f"{t.title}: chose {t.choice} over {others} and said why.", "mid" if t.key else "senior")
    yield item("costs", "Said what each choice costs and how the cost is kept small.", "senior")


def wrapup_checks(problem: Problem) -> Iterator[Item]:
    for i, f in enumerate(problem.wrapup.failures):
        name = failure_name(problem, f)
        yield item(f"failure-{i}", f"{name}: said how it is detected and how the system recovers.", "mid" if f.key else "senior")
        if f.rpo or f.rto:
            yield item(f"failure-{i}-rpo", f"{name}: gave the backup, RPO ({f.rpo}) and RTO ({f.rto}).", "staff")
    for i, b in enumerate(problem.wrapup.bottlenecks):
        yield item(f"bottleneck-{i}", f"Named a bottleneck at 10x load: {b.what}", "senior")
    yield item("summary", "Closed with a 30-second summary.", "mid")


def checklists(problem: Problem, rows: list[Row], decisions: Sequence[Decision]) -> dict[str, list[Item]]:
    return {
        "requirements": list(requirement_checks(problem)),
        "estimation": list(estimation_checks(problem, rows, decisions)),
        "api": list(api_checks(problem)),
        "architecture": list(architecture_checks(problem)),
        "deep-dives": list(dive_checks(problem)),
        "tradeoffs": list(tradeoff_checks(problem)),
        "wrap-up": list(wrapup_checks(problem)),
    }


def level_checks(problem: Problem) -> list[Item]:
    """The level expectations, one item per bullet, tagged with their level."""
    return [item(f"level-{level}-{i}", text, level) for level in LEVELS for i, text in enumerate(getattr(problem.levels, level))]


# Dialogue --------------------------------------------------------------------

def shuffled(slug: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A fixed order that looks random: sorted by a hash of the slug and the question."""
    return sorted(items, key=lambda q: hashlib.sha256(f"{slug}\n{q['text']}".encode()).hexdigest())


def dialogue(problem: Problem) -> dict[str, Any]:
    req = problem.requirements
    real = [{"id": f"c{i}", "text": c.question, "answer": c.answer, "impact": c.impact, "key": c.key}
            for i, c in enumerate(req.clarifying)]
    decoys = [{"id": f"d{i}", "text": d.question, "why_not": d.why_not} for i, d in enumerate(req.distractors)]
    return {"questions": shuffled(problem.slug, real + decoys), "reply": DISTRACTOR_REPLY}


# The page's data and assets --------------------------------------------------

def payload(problem: Problem, rows: list[Row], decisions: Sequence[Decision], slots: Sequence[Slot], data: SiteData) -> dict[str, Any]:
    framework = data.framework
    prompts = details(problem, rows)
    lists = checklists(problem, rows, decisions)
    sections = [{"id": s.id, "title": s.title, "ask": s.prompt.ask.replace("{title}", problem.title), "produce": list(s.prompt.produce),
                 "details": prompts[s.id], "checks": lists[s.id]} for s in framework.sections]
    return {
        "format": FORMAT,
        "slug": problem.slug,
        "title": problem.title,
        "minutes": sum(slot.minutes for slot in slots),
        "pacing": [{"id": s.section.id, "title": s.section.title, "minutes": s.minutes, "ends": s.ends_at} for s in slots],
        "checkpoints": {c.after: c.ask for c in framework.checkpoints},
        "estimates": estimates(problem, rows),
        "decisions": decision_points(decisions),
        "sections": sections,
        "levels": level_checks(problem),
        "dialogue": dialogue(problem),
    }


_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(element_id: str, value: Any) -> Raw:
    """A JSON script element no text inside can close or turn into markup: `<`, `>` and `&` are escaped."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    text = "".join(_JSON_ESCAPES.get(c, c) for c in text)
    return Raw(f'<script type="application/json" id="{element_id}">{text}</script>')


def assets(base: str, names: Sequence[str]) -> Raw:
    """Deferred classic scripts (module scripts do not run from file://), relative to the page."""
    return Raw("\n".join(f'<script src="{base}js/{name}" defer></script>' for name in names))


def stylesheet(base: str) -> Raw:
    return Raw(f'<link rel="stylesheet" href="{base}css/{STYLESHEET}">')


# Runs where it stands, before the sections are parsed: in practice mode the answers are folded
# from the first paint instead of flashing open until the deferred scripts run.
EARLY = Raw('<script>document.documentElement.classList.add("sdg-js");'
            'try{if(localStorage.getItem("sdg.mode")===\'"practice"\')'
            'document.documentElement.classList.add("sdg-practice")}catch(e){}</script>')


def root_of(page: str) -> str:
    """The relative path from a docs page to the site root ('../' for problems/x.md)."""
    return "../" * page.count("/")


def index_assets(page: str) -> dict[str, Raw]:
    """The problems index: the same stylesheet, and the scripts that show progress."""
    root = root_of(page)
    return {"css": stylesheet(root), "scripts": assets(root, INDEX_SCRIPTS)}


def page_assets(problem: Problem, rows: list[Row], decisions: Sequence[Decision], slots: Sequence[Slot],
                data: SiteData, page: str) -> dict[str, Raw]:
    """A problem page: the stylesheet, the early mode switch, the page's data as JSON, and the scripts."""
    root = root_of(page)
    return {"css": stylesheet(root), "early": EARLY,
            "data": script_json("sdg-problem", payload(problem, rows, decisions, slots, data)),
            "scripts": assets(root, SCRIPTS)}


def status_cell(slug: str) -> Raw:
    """Where the index shows a problem's status; empty until js/progress.js reads the reader's progress."""
    return Raw(f'<span class="sdg-status" data-problem="{slug}"></span>')


def live(row: Row, form: str = "value") -> Raw:
    """A computed figure the page updates when the reader edits an input."""
    text = row.figure if form == "figure" else row.value
    return compute_span(row.id, text, form)
