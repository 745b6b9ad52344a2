"""Stage 2b: rules that look across sections of one problem.

Each rule is a small generator yielding `(path, message, code)`; `check`
runs them all. Pydantic has already checked shapes and counts; here we check
that every id a section mentions exists, is of the right sort, and that
choices are among their options.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .errors import Path, did_you_mean, dotted
from .model import Problem
from .prose import REF, prose_fields
from .units import UnitError, parse_number

Found = tuple[Path, str, str]
STORE_KINDS = {"database", "cache", "object_store", "search", "queue"}


class Names:
    """The ids a problem defines, by sort."""

    def __init__(self, problem: Problem):
        req = problem.requirements
        self.functional = {r.id for r in req.functional}
        self.requirements = self.functional | {r.id for r in req.non_functional}
        est = problem.estimation
        self.estimates = {i.id for i in est.inputs} | {d.id for d in est.derived}
        self.components = {c.id: c for c in problem.architecture.components}
        self.inputs = {i.id for i in est.inputs}
        self.non_functional = {r.id for r in req.non_functional}


def unknown(word: str, what: str, choices: Iterable[str]) -> str:
    return f"unknown {what} '{word}'{did_you_mean(word, choices)}"


def one_of(word: str, choices: list[str]) -> str:
    listed = ", ".join(f"'{c}'" for c in choices)
    return f"expected one of: ({listed}) but received: '{word}'"


def check_ids(problem: Problem, names: Names) -> Iterator[Found]:
    """Requirement, estimate and component ids share one namespace: no repeats."""
    seen: dict[str, Path] = {}
    req = problem.requirements
    groups: list[tuple[Path, Iterable[str]]] = [
        (("requirements", "functional"), (r.id for r in req.functional)),
        (("requirements", "non_functional"), (r.id for r in req.non_functional)),
        (("estimation", "inputs"), (i.id for i in problem.estimation.inputs)),
        (("estimation", "derived"), (d.id for d in problem.estimation.derived)),
        (("architecture", "components"), (c.id for c in problem.architecture.components)),
    ]
    for base, ids in groups:
        for index, name in enumerate(ids):
            path = (*base, index, "id")
            if name in seen:
                yield path, f"duplicate id '{name}' (first used at {dotted(seen[name])})", "SDG201"
            else:
                seen[name] = path
    for index, r in enumerate(req.functional):
        if not r.id.startswith("F"):
            yield ("requirements", "functional", index, "id"), f"functional requirement ids start with F (F1, F2...), got '{r.id}'", "SDG209"
    for index, r in enumerate(req.non_functional):
        if not r.id.startswith("N"):
            yield ("requirements", "non_functional", index, "id"), f"non-functional requirement ids start with N (N1, N2...), got '{r.id}'", "SDG209"


def _cites(path: Path, refs: list[str], valid: set[str], what: str) -> Iterator[Found]:
    for index, ref in enumerate(refs):
        if ref not in valid:
            yield (*path, index), unknown(ref, what, valid), "SDG202"


def check_citations(problem: Problem, names: Names) -> Iterator[Found]:
    """Every 'why' cites an existing requirement or estimate."""
    citable = names.requirements | names.estimates
    sort = "requirement or estimate id"
    arch = problem.architecture
    for i, c in enumerate(arch.components):
        yield from _cites(("architecture", "components", i, "cites"), c.cites, citable, sort)
    for i, s in enumerate(arch.stages):
        yield from _cites(("architecture", "stages", i, "cites"), s.cites, citable, sort)
    for i, e in enumerate(problem.api.endpoints):
        yield from _cites(("api", "endpoints", i, "serves"), e.serves, names.functional, "functional requirement id")
    model = problem.deep_dives.data_model
    for i, a in enumerate(model.access_patterns):
        yield from _cites(("deep_dives", "data_model", "access_patterns", i, "cites"), a.cites, citable, sort)
    for i, d in enumerate(problem.deep_dives.dives):
        path = ("deep_dives", "dives", i, "recommendation", "cites")
        yield from _cites(path, d.recommendation.cites, names.requirements, "requirement id")
    for i, t in enumerate(problem.tradeoffs):
        yield from _cites(("tradeoffs", i, "decided_by"), t.decided_by, citable, sort)
    for i, f in enumerate(problem.wrapup.failures):
        yield from _cites(("wrapup", "failures", i, "protects"), f.protects, names.non_functional, "non-functional requirement id")


def _component(path: Path, ref: str, names: Names) -> Iterator[Found]:
    if ref not in names.components:
        yield path, unknown(ref, "component", names.components), "SDG202"


def check_components(problem: Problem, names: Names) -> Iterator[Found]:
    """Flows, traces, entities and failures name existing components."""
    arch = problem.architecture
    for t, trace in enumerate(arch.traces):
        for s, step in enumerate(trace.steps):
            base = ("architecture", "traces", t, "steps", s)
            yield from _component((*base, "from"), step.source, names)
            yield from _component((*base, "to"), step.to, names)
    for e, entity in enumerate(problem.deep_dives.data_model.entities):
        path = ("deep_dives", "data_model", "entities", e, "store")
        yield from _component(path, entity.store, names)
        component = names.components.get(entity.store)
        if component is not None and component.kind not in STORE_KINDS:
            kinds = ", ".join(sorted(STORE_KINDS))
            yield path, f"'{entity.store}' is a {component.kind}, not a store ({kinds})", "SDG203"
    for f, failure in enumerate(problem.wrapup.failures):
        yield from _component(("wrapup", "failures", f, "component"), failure.component, names)


def stage_rules(components: list[Any], stages: list[Any], components_path: Path, stages_path: Path) -> Iterator[Found]:
    """Each component is added by exactly one stage; flows use components already drawn."""
    known = {c.id for c in components}
    added_at: dict[str, int] = {}
    drawn: set[tuple[str, str]] = set()
    for s, stage in enumerate(stages):
        for d, flow in enumerate(stage.drops):
            if (flow.source, flow.to) not in drawn:
                yield (*stages_path, s, "drops", d), f"no earlier stage draws a flow from '{flow.source}' to '{flow.to}'", "SDG204"
            drawn.discard((flow.source, flow.to))
        drawn |= {(flow.source, flow.to) for flow in stage.flows}
        for a, ref in enumerate(stage.adds):
            path = (*stages_path, s, "adds", a)
            if ref not in known:
                yield path, unknown(ref, "component", known), "SDG202"
            elif ref in added_at:
                yield path, f"component '{ref}' is already added by stage {added_at[ref] + 1}", "SDG204"
            else:
                added_at[ref] = s
        for f, flow in enumerate(stage.flows):
            for end, ref in (("from", flow.source), ("to", flow.to)):
                path = (*stages_path, s, "flows", f, end)
                if ref not in known:
                    yield path, unknown(ref, "component", known), "SDG202"
                elif added_at.get(ref, s + 1) > s:
                    later = added_at.get(ref)
                    when = f"it is added in stage {later + 1}" if later is not None else "no stage adds it"
                    yield path, f"component '{ref}' is not on this stage's diagram yet: {when}", "SDG204"
    for c, component in enumerate(components):
        if component.id not in added_at:
            yield (*components_path, c, "id"), f"component '{component.id}' is never added by a stage; list it in one stage's 'adds'", "SDG204"


def check_stages(problem: Problem, names: Names) -> Iterator[Found]:
    arch = problem.architecture
    yield from stage_rules(arch.components, arch.stages, ("architecture", "components"), ("architecture", "stages"))


def choice_rules(trade: Any, path: Path) -> Iterator[Found]:
    """A tradeoff's options differ, its choice is one of them, each row has one value per option."""
    if len(set(trade.options)) != len(trade.options):
        yield (*path, "options"), "options must be different from each other", "SDG205"
    if trade.choice not in trade.options:
        yield (*path, "choice"), one_of(trade.choice, list(trade.options)), "SDG205"
    for r, row in enumerate(trade.dimensions):
        if len(row.values) != len(trade.options):
            message = f"expected {len(trade.options)} values (one per option) but received {len(row.values)}"
            yield (*path, "dimensions", r, "values"), message, "SDG206"


def check_choices(problem: Problem, names: Names) -> Iterator[Found]:
    """A recommendation picks one of its approaches; a tradeoff one of its options."""
    for d, dive in enumerate(problem.deep_dives.dives):
        approaches = [a.name for a in dive.approaches]
        if dive.recommendation.choice not in approaches:
            yield ("deep_dives", "dives", d, "recommendation", "choice"), one_of(dive.recommendation.choice, approaches), "SDG205"
    for t, trade in enumerate(problem.tradeoffs):
        yield from choice_rules(trade, ("tradeoffs", t))


def check_grades(problem: Problem, names: Names) -> Iterator[Found]:
    """Exactly one approach per dive is graded best, and it is the recommendation."""
    for d, dive in enumerate(problem.deep_dives.dives):
        path: Path = ("deep_dives", "dives", d)
        best = [a.name for a in dive.approaches if a.grade == "best"]
        if len(best) != 1:
            yield (*path, "approaches"), f"expected exactly 1 approach graded 'best' but received {len(best)}: grade the recommendation 'best' and the others weak, fair or good", "SDG211"
        elif dive.recommendation.choice in {a.name for a in dive.approaches} and best[0] != dive.recommendation.choice:
            yield (*path, "recommendation", "choice"), f"the recommendation is '{dive.recommendation.choice}' but the approach graded 'best' is '{best[0]}'", "SDG211"


CUT = [  # (what, where, flagged items, lowest, highest)
    ("clarifying questions", ("requirements", "clarifying"), lambda p: p.requirements.clarifying, 3, 3),
    ("derived numbers", ("estimation", "derived"), lambda p: p.estimation.derived, 2, 5),
    ("stages", ("architecture", "stages"), lambda p: p.architecture.stages, 1, 1),
    ("deep dives", ("deep_dives", "dives"), lambda p: p.deep_dives.dives, 1, 2),
    ("tradeoffs", ("tradeoffs",), lambda p: p.tradeoffs, 1, 1),
    ("failures", ("wrapup", "failures"), lambda p: p.wrapup.failures, 1, 1),
]


def check_cut(problem: Problem, names: Names) -> Iterator[Found]:
    """The interview cut: the right number of items flagged `key: true` in each section."""
    for what, path, items, low, high in CUT:
        count = sum(1 for item in items(problem) if item.key)
        if not low <= count <= high:
            wanted = str(low) if low == high else f"{low}-{high}"
            yield path, f"expected {wanted} {what} marked 'key: true' (the interview cut) but received {count}", "SDG210"


def check_disasters(problem: Problem, names: Names) -> Iterator[Found]:
    """At least one store or region loss, with backups, RPO and RTO; every durability promise backed by one."""
    failures = problem.wrapup.failures
    disasters = [i for i, f in enumerate(failures) if f.scope in ("store", "region")]
    if not disasters:
        yield ("wrapup", "failures"), "no failure loses a whole data store or region: add one with scope 'store' or 'region', its backup, rpo and rto", "SDG212"
    for i in disasters:
        for key in ("backup", "rpo", "rto"):
            if not getattr(failures[i], key).strip():
                yield ("wrapup", "failures", i, key), f"a {failures[i].scope} loss must say its {key}: {DISASTER_FIELDS[key]}", "SDG212"
    backed = {ref for i in disasters for ref in failures[i].protects}
    for r, req in enumerate(problem.requirements.non_functional):
        if req.quality == "durability" and req.id not in backed:
            yield ("requirements", "non_functional", r, "quality"), f"durability promise {req.id} is not backed by a store or region failure: list it in that failure's 'protects'", "SDG212"


DISASTER_FIELDS = {"backup": "where the data comes back from", "rpo": "how much data may be lost", "rto": "how long until service is back"}


def check_thresholds(problem: Problem, names: Names) -> Iterator[Found]:
    """Decision points are numbers, and name an input when they name one."""
    for d, row in enumerate(problem.estimation.derived):
        for t, threshold in enumerate(row.thresholds):
            path: Path = ("estimation", "derived", d, "thresholds", t)
            try:
                parse_number(threshold.at)
            except UnitError as exc:
                yield (*path, "at"), str(exc), "SDG301"
            if threshold.input and threshold.input not in names.inputs:
                yield (*path, "input"), unknown(threshold.input, "input id", names.inputs), "SDG202"


def check_prose_refs(problem: Problem, names: Names) -> Iterator[Found]:
    """`{id}` in prose names an estimate, so the page can print its computed figure."""
    for path, text in prose_fields(problem):
        for match in REF.finditer(text):
            if match.group(1) not in names.estimates:
                yield path, f"unknown estimate '{{{match.group(1)}}}' in text{did_you_mean(match.group(1), names.estimates)}", "SDG213"


RULES: list[Callable[[Problem, Names], Iterator[Found]]] = [
    check_ids, check_citations, check_components, check_stages, check_choices, check_grades,
    check_cut, check_disasters, check_thresholds, check_prose_refs,
]


def check(problem: Problem) -> list[Found]:
    names = Names(problem)
    return [found for rule in RULES for found in rule(problem, names)]
