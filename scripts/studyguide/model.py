"""Stage 2: the problem model, the single source of truth for a problem file.

Every key a problem file may hold is declared here, with its description (the
JSON Schema for editors is exported from these classes). Shape and counts are
checked by pydantic; rules that look across sections (references between ids,
formulas) live in `checks.py` and `estimate.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Verbatim:
    """Marks a text field shown exactly as written (code, paths, formulas): no `{id}` figures in it."""


VERBATIM = Verbatim()
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), VERBATIM]
OptionalCode = Annotated[str, VERBATIM]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
ReqId = Annotated[str, StringConstraints(pattern=r"^(F|N)[0-9]+$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Ref = Annotated[str, StringConstraints(min_length=1)]

COMPONENT_KINDS = (
    "client", "dns", "cdn", "load_balancer", "gateway", "service", "websocket",
    "worker", "scheduler", "cache", "database", "queue", "object_store", "search",
    "external",
)
ComponentKind = Literal[
    "client", "dns", "cdn", "load_balancer", "gateway", "service", "websocket",
    "worker", "scheduler", "cache", "database", "queue", "object_store", "search",
    "external",
]
Difficulty = Literal["warm-up", "core", "advanced"]
KeyRole = Literal["primary", "partition", "clustering", "index", "unique", "none"]
Grade = Literal["weak", "fair", "good", "best"]
GRADES = ("weak", "fair", "good", "best")
Quality = Literal["scale", "latency", "availability", "durability", "consistency", "ordering", "freshness", "security", "cost"]
Scope = Literal["component", "zone", "store", "region"]


class Strict(BaseModel):
    """Base: unknown keys are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def cites(description: str) -> list[Ref]:
    return Field(default_factory=list, description=description)  # type: ignore[no-any-return]


def key_flag(description: str) -> bool:
    """The `key: true` flag that puts an item into the page's interview cut."""
    return Field(default=False, description=description)  # type: ignore[no-any-return]


# Levels ----------------------------------------------------------------------

LevelItems = Annotated[list[Text], Field(min_length=3, max_length=5)]


class Levels(Strict):
    mid: LevelItems = Field(description="3-5 concrete things a mid-level candidate is expected to cover on THIS problem.")
    senior: LevelItems = Field(description="3-5 things that separate a senior answer: the hard part solved with mechanics and numbers.")
    staff: LevelItems = Field(description="3-5 things that separate a staff answer: operational and organisational cost, migrations, what to build first.")


# 1 Requirements --------------------------------------------------------------

class Clarification(Strict):
    question: Text = Field(description="A question a strong candidate asks about THIS product.")
    answer: Text = Field(description="The answer we assume for the rest of the page.")
    impact: Text = Field(description="How this answer changes the design (what it rules in or out).")
    key: bool = key_flag("One of exactly 3 questions to ask first in the room (the interview cut).")


class Distractor(Strict):
    question: Text = Field(description="A plausible question that matters little for THIS design (used by practice mode).")
    why_not: Text = Field(description="Why it does not change the design, or why to ask it later.")


class Requirement(Strict):
    id: ReqId = Field(description="F1, F2, ... for functional; N1, N2, ... for non-functional. Cited by later sections.")
    text: Text = Field(description="The requirement as a user-visible capability (functional) or a quality (non-functional).")


class NonFunctional(Requirement):
    target: Text = Field(description="The measurable target, e.g. 'p99 < 200 ms', '99.99 %', 'no message lost once acked'.")
    quality: Quality = Field(description="Which quality it promises: scale, latency, availability, durability, consistency, ordering, freshness, security or cost. Every durability promise must be backed by a disaster failure with RPO and RTO.")


class Requirements(Strict):
    clarifying: list[Clarification] = Field(min_length=2, description="Clarifying questions with the assumed answers.")
    functional: list[Requirement] = Field(min_length=2, max_length=8, description="Functional requirements, ids F1...")
    non_functional: list[NonFunctional] = Field(min_length=2, description="Non-functional requirements with measurable targets, ids N1...")
    out_of_scope: list[Text] = Field(min_length=1, description="What we deliberately do not design, so the reader learns what to cut.")
    distractors: list[Distractor] = Field(min_length=2, max_length=5, description="2-5 plausible questions that do not move this design, mixed with the real ones in practice mode.")


# 2 Estimation ----------------------------------------------------------------

class Input(Strict):
    id: Id = Field(description="snake_case id used in formulas, e.g. dau.")
    label: Text = Field(description="What the number is, e.g. 'Daily active users'.")
    value: float | int | str = Field(description="A number, optionally with a K/M/B/T suffix glued to it: 50M, 0.9, 200, 1.5K.")
    unit: OptionalCode = Field(default="", description="'' for a count or ratio (users, messages, servers), or a unit of bytes and/or time: B, KB, /day, /s, ms, year. Per-entity rates like messages per user per day are '/day'.")
    why: Text = Field(description="Why this assumption is reasonable (industry figure, product knowledge).")


class Threshold(Strict):
    at: float | int | str = Field(description="The value where the decision flips, in the row's display unit, e.g. 10K for 10K/s.")
    above: Text = Field(description="What the design needs when the number is at or above the threshold, e.g. 'One SQL primary is not enough: shard writes.'")
    below: Text = Field(description="What suffices below it, e.g. 'One SQL primary with replicas absorbs the writes.'")
    input: str = Field(default="", description="The input whose flip point the page shows ('shard writes from about 290M DAU'); default: the first input the formula depends on.")


class Derived(Strict):
    id: Id = Field(description="snake_case id of the derived quantity.")
    label: Text = Field(description="What the number is, e.g. 'Peak write QPS'.")
    formula: Code = Field(description="Expression over ids, numbers and units: + - * / ^ and parentheses, e.g. 'msgs_per_day * text_size * 5 year'.")
    unit: OptionalCode = Field(default="", description="Display unit without a prefix: '' (count), /s, B, B/day, B/s, s. The prefix (K, M, G...) is chosen for you.")
    implies: str = Field(default="", description="The design decision this number forces (cache, shard, CDN, number of servers...). A number that implies nothing does not belong on the page (warning SDG501 when empty).")
    key: bool = key_flag("A number to quote in the room (2-5 per problem, the interview cut).")
    thresholds: list[Threshold] = Field(default_factory=list, description="Decision points: where this number flips a design decision (shown live in practice mode).")


class Estimation(Strict):
    inputs: list[Input] = Field(min_length=1, description="Stated assumptions.")
    derived: list[Derived] = Field(min_length=3, description="Quantities computed from the inputs, in reading order.")


# 3 API -----------------------------------------------------------------------

class Endpoint(Strict):
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = Field(description="HTTP method.")
    path: Code = Field(description="URL path template, e.g. /v1/conversations/{id}/messages.")
    purpose: Text = Field(description="What the endpoint does for the user.")
    serves: list[Ref] = cites("Functional requirement ids this endpoint implements.")
    request: OptionalCode = Field(default="", description="Example request (headers/body), shown as a code block.")
    response: Code = Field(description="Example response, shown as a code block.")
    pagination: str = Field(default="", description="How lists are paged (cursor, page size); required in spirit for list endpoints.")
    idempotency: str = Field(default="", description="How retries are made safe (idempotency key, natural idempotency).")
    rate_limit: str = Field(default="", description="Who is limited, how much, and what the client sees.")


class Event(Strict):
    name: Code = Field(description="Event name on the stream, e.g. message.new.")
    direction: Literal["client_to_server", "server_to_client"] = Field(description="Who sends it.")
    payload: Code = Field(description="Example payload, shown as a code block.")
    purpose: Text = Field(description="Why the event exists.")


class Api(Strict):
    style: Text = Field(description="Why this protocol mix (REST, WebSocket, SSE, gRPC) fits the problem.")
    auth: Text = Field(description="How clients authenticate.")
    endpoints: list[Endpoint] = Field(min_length=3, max_length=5, description="3 to 5 core endpoints.")
    events: list[Event] = Field(default_factory=list, description="Optional stream/WebSocket events.")


# 4 Architecture --------------------------------------------------------------

class Component(Strict):
    id: Id = Field(description="snake_case id used in flows, traces and failures.")
    name: Text = Field(description="Label shown in diagrams, e.g. 'Chat servers'.")
    kind: ComponentKind = Field(description="Component kind; decides the diagram shape and the component page it links to.")
    tech: str = Field(default="", description="Optional concrete technology, e.g. 'Cassandra', 'Redis Cluster'.")
    why: Text = Field(description="Why the design needs it.")
    cites: list[Ref] = Field(min_length=1, description="Estimate or requirement ids that justify it.")


class Flow(Strict):
    source: Ref = Field(alias="from", description="Component id the flow starts at.")
    to: Ref = Field(description="Component id the flow ends at.")
    label: str = Field(default="", description="Short edge label, e.g. 'HTTPS', 'publish'.")
    async_: bool = Field(default=False, alias="async", description="Draw as a dotted (asynchronous) edge.")

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, populate_by_name=True)


class Stage(Strict):
    title: Text = Field(description="Name of the stage, e.g. 'Simplest design that works'.")
    adds: list[Ref] = Field(min_length=1, description="Component ids this stage introduces.")
    flows: list[Flow] = Field(default_factory=list, description="Flows introduced in this stage.")
    drops: list[Flow] = Field(default_factory=list, description="Earlier flows this stage replaces (matched by from and to), e.g. clients no longer call servers directly once a load balancer sits between them.")
    reason: Text = Field(description="What forced this stage: the requirement or number the previous design could not meet.")
    cites: list[Ref] = Field(default_factory=list, description="Requirement or estimate ids behind the reason.")
    key: bool = key_flag("The stage to stop drawing at in the room (exactly 1 per problem, the interview cut); later stages are for deep dives.")


class Step(Strict):
    source: Ref = Field(alias="from", description="Component id sending.")
    to: Ref = Field(description="Component id receiving.")
    action: Text = Field(description="Short message label, e.g. 'INSERT message'.")
    detail: Text = Field(description="One or two sentences for the numbered walk-through.")
    reply: bool = Field(default=False, description="Draw as a reply (dashed arrow).")

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, populate_by_name=True)


class Trace(Strict):
    title: Text = Field(description="The request traced, e.g. 'Alice sends a message to Bob'.")
    steps: list[Step] = Field(min_length=3, description="Ordered steps between components.")


class RawDiagram(Strict):
    title: Text = Field(description="Caption for the diagram.")
    mermaid: Code = Field(description="Raw Mermaid source, for what the component vocabulary cannot express.")


class Architecture(Strict):
    components: list[Component] = Field(min_length=3, description="Every component of the final design.")
    stages: list[Stage] = Field(min_length=2, description="The design growing from simplest to final; each component is added by exactly one stage.")
    traces: list[Trace] = Field(min_length=1, description="Requests traced end to end.")
    extra_diagrams: list[RawDiagram] = Field(default_factory=list, description="Escape hatch: raw Mermaid diagrams.")


# 5 Deep dives ----------------------------------------------------------------

class EntityField(Strict):
    name: Text = Field(description="Column or attribute name.")
    type: Text = Field(description="Type, e.g. bigint, text, timestamp.")
    role: KeyRole = Field(default="none", description="Key role: primary, partition, clustering, index, unique or none.")
    note: str = Field(default="", description="Why the field or its role is there.")


class Entity(Strict):
    name: Text = Field(description="Entity name, e.g. Message.")
    store: Ref = Field(description="Component id of the store holding it.")
    why: Text = Field(description="Why that store fits this entity's access pattern.")
    fields: list[EntityField] = Field(min_length=2, description="Fields with their key roles.")


class AccessPattern(Strict):
    pattern: Text = Field(description="The query the product needs, e.g. 'latest 50 messages of a conversation'.")
    served_by: Text = Field(description="How the schema serves it (which key, index or cache).")
    cites: list[Ref] = Field(default_factory=list, description="Requirement or estimate ids it serves.")


class Sharding(Strict):
    key: Text = Field(description="The sharding/partition key.")
    why: Text = Field(description="Why this key spreads load and keeps queries local.")
    hot_spots: Text = Field(description="Where a hot spot can still appear and how it is handled.")


class DataModel(Strict):
    summary: Text = Field(description="One paragraph: the stores chosen and the reason in one breath.")
    entities: list[Entity] = Field(min_length=1, description="Entities and their stores.")
    access_patterns: list[AccessPattern] = Field(min_length=2, description="Access patterns and how each is served.")
    sharding: Sharding = Field(description="Sharding key, reason and hot-spot risk.")


class Approach(Strict):
    name: Text = Field(description="Short name of the approach.")
    how: Text = Field(description="The mechanics, concretely.")
    pros: list[Text] = Field(min_length=1, description="Strengths.")
    cons: list[Text] = Field(min_length=1, description="Weaknesses.")
    grade: Grade = Field(description="How well it fits THESE requirements: weak (name it, then reject it), fair, good, or best (exactly one: the recommendation).")
    verdict: Text = Field(description="One or two short sentences: why this grade for these requirements.")


class Recommendation(Strict):
    choice: Text = Field(description="Name of one of the approaches.")
    because: Text = Field(description="Why, grounded in the requirements.")
    cites: list[Ref] = Field(default_factory=list, description="Requirement ids the choice serves (warning SDG502 when empty).")


class DeepDive(Strict):
    title: Text = Field(description="The hard part, e.g. 'Message ordering'.")
    problem: Text = Field(description="What makes it hard, with numbers.")
    approaches: list[Approach] = Field(min_length=2, max_length=4, description="2-4 approaches an interviewer expects to hear, including the classic ones you reject.")
    recommendation: Recommendation = Field(description="The approach chosen and why.")
    key: bool = key_flag("A dive to offer in the room (1 or 2 per problem, the interview cut).")


class DeepDives(Strict):
    data_model: DataModel = Field(description="Always the first deep dive.")
    dives: list[DeepDive] = Field(min_length=1, description="The hardest parts of this problem (1-3).")


# 6 Tradeoffs -----------------------------------------------------------------

class Dimension(Strict):
    name: Text = Field(description="What is compared, e.g. 'Write latency'.")
    values: list[Text] = Field(min_length=2, description="One value per option, in the options' order.")


class Instance(Strict):
    id: Id = Field(description="Id of the classic tradeoff in docs/data/tradeoffs.yaml, e.g. fan_out.")
    side: Text = Field(description="Which of the classic tradeoff's options this problem took.")


class Tradeoff(Strict):
    title: Text = Field(description="The decision, e.g. 'Fan-out strategy'.")
    options: list[Text] = Field(min_length=2, description="The options weighed (2 or more).")
    dimensions: list[Dimension] = Field(default_factory=list, description="Optional comparison rows.")
    choice: Text = Field(description="The option chosen; must be one of options.")
    because: Text = Field(description="One or two short sentences: why the choice wins here.")
    cost: Text = Field(description="One short sentence: what the choice costs.")
    mitigation: Text = Field(description="One short sentence: how the cost is kept small.")
    decided_by: list[Ref] = Field(min_length=1, description="Estimate or requirement ids that decided it (the number the matrix page shows).")
    classic: Instance | None = Field(default=None, description="The classic tradeoff this decision is an instance of, and the side taken (feeds the chapter and the tradeoff matrix).")
    key: bool = key_flag("The one tradeoff to state in the room (exactly 1 per problem, the interview cut).")


# 7 Failures and wrap-up ------------------------------------------------------

class Failure(Strict):
    component: Ref = Field(description="Component id that fails.")
    scope: Scope = Field(default="component", description="How much is lost: component (a node or process), zone, store (a whole data store, e.g. a bad migration or deleted table) or region. At least one failure per problem is a store or region loss.")
    breaks: Text = Field(description="What breaks for users.")
    detection: str = Field(default="", description="How it is detected: metric, alert, health check (warning SDG503 when empty).")
    recovery: Text = Field(description="How the system recovers, automatically or by hand, and how long it takes.")
    data_loss: Text = Field(description="Whether data is lost, and why (not).")
    backup: str = Field(default="", description="For store and region losses: where the data comes back from (backups, point-in-time restore, cross-region replica) and how.")
    rpo: str = Field(default="", description="For store and region losses: recovery point objective, the most data that may be lost, e.g. '0 (synchronous replica)' or '5 min'.")
    rto: str = Field(default="", description="For store and region losses: recovery time objective, how long until service is back, e.g. '15 min'.")
    protects: list[Ref] = cites("Non-functional requirement ids (durability, availability) whose promise this plan keeps.")
    key: bool = key_flag("The failure to raise in the room (exactly 1 per problem, the interview cut).")


class Bottleneck(Strict):
    what: Text = Field(description="What saturates first at 10x load.")
    fix: Text = Field(description="How to relieve it.")


class FollowUp(Strict):
    question: Text = Field(description="A follow-up an interviewer is likely to ask.")
    answer: Text = Field(description="A short, strong answer.")


class Wrapup(Strict):
    failures: list[Failure] = Field(min_length=2, description="Failure scenarios.")
    bottlenecks: list[Bottleneck] = Field(min_length=1, description="Bottlenecks at 10x load.")
    extensions: list[Text] = Field(min_length=1, description="Extensions worth mentioning.")
    follow_ups: list[FollowUp] = Field(min_length=2, description="Likely follow-up questions with answers.")
    summary: Text = Field(description="The 30-second recap a candidate gives at the end.")


# The problem -----------------------------------------------------------------

class Related(Strict):
    slug: Slug = Field(description="Slug of another practice problem.")
    why: Text = Field(description="One short sentence: what the two designs share or how they differ, so the reader knows why to open it.")


class Problem(Strict):
    """A system-design practice problem: the seven sections of one page."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True,
        json_schema_extra={"$comment": "Generated from scripts/studyguide/model.py; do not edit by hand."},
    )

    slug: Slug = Field(description="URL name; must equal the file name without .yaml.")
    title: Text = Field(description="Page title, e.g. 'Design a chat system'.")
    difficulty: Difficulty = Field(description="warm-up (30 min), core (45 min) or advanced (60 min).")
    focus: list[Text] = Field(min_length=1, description="Focus tags, e.g. fan-out, sharding, idempotency.")
    summary: Text = Field(description="One paragraph: what the system does and what makes it interesting.")
    levels: Levels = Field(description="What a mid-level, senior and staff candidate is expected to cover on this problem.")
    requirements: Requirements = Field(description="Section 1: clarifying questions, functional and non-functional requirements, out of scope.")
    estimation: Estimation = Field(description="Section 2: stated inputs and derived numbers, each with what it implies.")
    api: Api = Field(description="Section 3: protocol choice, authentication, 3-5 endpoints and optional stream events.")
    architecture: Architecture = Field(description="Section 4: components, the stages the design grows in, and request traces.")
    deep_dives: DeepDives = Field(description="Section 5: the data model first, then the hardest parts of this problem.")
    tradeoffs: list[Tradeoff] = Field(min_length=3, description="Section 6: at least 3 contested decisions.")
    wrapup: Wrapup = Field(description="Section 7: failure scenarios, bottlenecks, extensions and follow-up questions.")
    related: list[Related] = Field(default_factory=list, description="Other problems worth comparing (prose cannot hold links; this list renders them).")

    @field_validator("focus")
    @classmethod
    def _lowercase_tags(cls, tags: list[str]) -> list[str]:
        return [tag.lower() for tag in tags]


MINUTES = {"warm-up": 30, "core": 45, "advanced": 60}
# Slugs a problem cannot take: generated pages already live at problems/<slug>.md.
RESERVED_SLUGS = frozenset({"index", "focus", "tradeoffs"})
