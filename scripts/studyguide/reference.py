"""The reference data behind the framework chapters (docs/data/*.yaml).

Every number the chapters show lives in one of these files, validated by the
models below with the same loader and error format as problem files, and is
formatted by the same unit engine.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .model import Component, ComponentKind, Derived, Dimension, Id, Input, Stage, Text


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


Quantity = float | int | str  # a number, or text like '5K' / '500M' read by units.parse_number


class Sourced(Strict):
    """A reference figure says where it comes from and when."""

    source: Text = Field(description="Where the figure comes from: a paper, vendor documentation, a benchmark, a company report.")
    year: int = Field(ge=1970, le=2100, description="The year the figure describes or was published.")


class Today(Strict):
    value: Quantity = Field(description="Today's figure, in the row's unit.")
    source: Text = Field(description="Where today's figure comes from.")
    year: int = Field(ge=1970, le=2100, description="Year of today's figure.")


# framework.yaml --------------------------------------------------------------

class Prompt(Strict):
    """What practice mode shows before a section's reference answer."""

    ask: Text = Field(description="What the interviewer says to open the section, in their words; {title} stands for the problem's title.")
    produce: list[Text] = Field(min_length=1, description="What a candidate should produce in the section, one item each.")


class Section(Strict):
    id: str = Field(description="Anchor of the section on every problem page.")
    title: Text = Field(description="Heading of the section.")
    weight: float = Field(gt=0, description="Minutes in a 60-minute interview; pacing for other lengths is scaled from these.")
    phase: Text = Field(description="Which phase(s) of the published framework this section covers.")
    prompt: Prompt = Field(description="Practice mode's prompt for the section; each problem page adds its own details.")


class Phase(Strict):
    name: Text = Field(description="Phase name as published.")
    minutes: Text = Field(description="Published range of minutes, e.g. '5-7'.")
    weight: float = Field(gt=0, description="Midpoint weight used to scale pacing to any interview length.")
    purpose: Text = Field(description="What the phase is for.")


class Variant(Strict):
    id: Id = Field(description="snake_case id.")
    name: Text = Field(description="How the guide refers to this variant.")
    length: Text = Field(description="Interview length the variant was published for.")
    phases: list[Phase] = Field(min_length=3)
    published_pacing: list[Text] = Field(default_factory=list, description="Published cumulative pacing lines, quoted as data.")
    published: dict[int, list[int]] = Field(default_factory=dict, description="Published minutes per phase, by interview length; other lengths are scaled from the weights.")


class Checkpoint(Strict):
    after: str = Field(description="Section id after which to check in.")
    ask: Text = Field(description="What to confirm with the interviewer at that point.")


class Framework(Strict):
    sections: list[Section] = Field(min_length=7, max_length=7, description="This guide's seven sections in order.")
    variants: list[Variant] = Field(default_factory=list, description="The published framework variants.")
    checkpoints: list[Checkpoint] = Field(default_factory=list, description="Check-ins with the interviewer.")


# reference.yaml --------------------------------------------------------------

class Latency(Sourced):
    operation: Text
    value: Quantity = Field(description="Number with an optional K/M/B/T suffix, e.g. 500 or 0.5.")
    unit: str = Field(description="Time unit: ns, us, ms or s.")
    note: Text = Field(description="What the number means for a design.")
    today: Today | None = Field(default=None, description="Where the classic figure is dated: today's figure beside it.")


class Throughput(Sourced):
    component: Text
    low: Quantity = Field(description="Lower bound, e.g. 5K.")
    high: Quantity = Field(default="", description="Upper bound, or '' for an open-ended figure (shown as '+').")
    unit: str = Field(default="/s", description="Rate unit, usually /s.")
    note: Text


class Scale(Sourced):
    product: Text
    metric: Text
    value: Quantity
    unit: str = ""
    note: Text = Field(description="The design lesson in the number.")


class Shortcut(Strict):
    name: Text
    formula: Text = Field(description="The exact formula, in words.")
    shortcut: Text = Field(description="The mental-math version.")
    example: Text = Field(description="A worked instance.")


class Size(Sourced):
    item: Text
    size: Text = Field(description="Typical size or range, e.g. '100-200 B'.")
    note: Text


class Pattern(Strict):
    type: Text = Field(description="Problem type, e.g. read-heavy.")
    signals: Text = Field(description="How you recognise it in the requirements.")
    patterns: list[Text] = Field(min_length=1)
    problems: list[str] = Field(default_factory=list, description="Slugs of practice problems of this type (checked).")


class OneLiner(Strict):
    name: Text = Field(description="What the rule is about, e.g. 'Quorum overlap'.")
    rule: Text = Field(description="The formula or rule itself, e.g. 'R + W > N'.")
    use: Text = Field(description="When it matters, in one short sentence.")


class Worked(Strict):
    """A small estimate a chapter works through, computed by the same engine as the problems."""

    id: Id = Field(description="Include name: <!-- include: reference/worked/ID -->.")
    title: Text = Field(description="What is being estimated.")
    inputs: list[Input] = Field(min_length=1, description="Stated assumptions, written like a problem's inputs.")
    derived: list[Derived] = Field(min_length=1, description="Computed rows, written like a problem's derived rows; `implies` says what each number means.")


class Reference(Strict):
    latency: list[Latency] = Field(min_length=5)
    throughput: list[Throughput] = Field(min_length=3)
    availability: list[float] = Field(min_length=3, description="Availability targets in percent; downtime is computed.")
    scale: list[Scale] = Field(min_length=3)
    shortcuts: list[Shortcut] = Field(min_length=3)
    sizes: list[Size] = Field(min_length=3)
    patterns: list[Pattern] = Field(min_length=3)
    one_liners: list[OneLiner] = Field(min_length=6, description="Formulas and rules for the cheat sheet.")
    worked: list[Worked] = Field(default_factory=list, description="Worked estimates the chapters include (Little's law, memory per connection, disk IOPS).")


# components.yaml -------------------------------------------------------------

class Decision(Strict):
    name: Text = Field(description="The decision, e.g. 'L4 or L7'.")
    detail: Text = Field(description="How to decide, concretely.")


class ComponentGuide(Strict):
    kind: ComponentKind
    title: Text = Field(description="Page title, e.g. 'Load balancer'.")
    purpose: Text = Field(description="What it is for, in one paragraph.")
    include_when: Text = Field(description="When to draw it (and when not to).")
    decisions: list[Decision] = Field(min_length=2, description="The key decisions an interviewer probes.")
    failure: Text = Field(description="How it fails and what that does to the system.")


class Components(Strict):
    components: list[ComponentGuide] = Field(min_length=1)
    building_blocks: list[Component] = Field(min_length=3, description="A generic architecture drawn from the vocabulary.")
    building_stages: list[Stage] = Field(min_length=1, description="Stages of the generic architecture.")


# tradeoffs.yaml --------------------------------------------------------------

class WhenToPick(Strict):
    option: Text
    when: Text


class ClassicTradeoff(Strict):
    id: Id
    title: Text
    question: Text = Field(description="The question the tradeoff answers.")
    options: list[Text] = Field(min_length=2)
    dimensions: list[Dimension] = Field(default_factory=list)
    pick: list[WhenToPick] = Field(min_length=2, description="When each option wins.")
    example_scenario: Text = Field(description="A concrete situation for the worked decision below.")
    choice: Text
    because: Text = Field(description="One or two short sentences: why the choice wins in the scenario.")
    cost: Text = Field(description="One short sentence: what the choice costs.")
    mitigation: Text = Field(description="One short sentence: how the cost is kept small.")


class Tradeoffs(Strict):
    tradeoffs: list[ClassicTradeoff] = Field(min_length=5)


# mistakes.yaml ---------------------------------------------------------------

class Mistake(Strict):
    mistake: Text
    shows: Text = Field(description="How it shows in the interview.")
    hurts: Text = Field(description="Why it costs you.")
    fix: Text = Field(description="What to do instead.")
    phase: Literal["requirements", "estimation", "api", "architecture", "deep-dives", "tradeoffs", "wrap-up", "throughout"]


class Mistakes(Strict):
    mistakes: list[Mistake] = Field(min_length=8)


# glossary.yaml ---------------------------------------------------------------

class Term(Strict):
    term: Text = Field(description="The term as it appears in running text, e.g. 'fencing token' (lowercase unless a name or acronym).")
    aliases: list[Text] = Field(default_factory=list, description="Other spellings that should show the same definition, e.g. 'fencing tokens' is automatic, 'singleflight' is not.")
    definition: Text = Field(description="One or two plain sentences a mid-level engineer understands.")


class Glossary(Strict):
    terms: list[Term] = Field(min_length=60, description="Jargon used on the site, defined where it appears (hover or focus).")
