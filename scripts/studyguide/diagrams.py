"""Stage 3b: Mermaid diagrams generated from the architecture.

One shape per component kind, so a database always looks like a database and a
reader learns the vocabulary once. Node ids are prefixed (`c_`) so a component
called `end` or `graph` cannot collide with Mermaid keywords; every label goes
through `escape.mermaid`.

Layout for reading at natural size: the legend is a grid of a few shapes per
row; sequence diagrams break long participant names and messages into lines
at spaces (never inside a word), and a trace between many components is drawn
in consecutive parts of a few components each, numbered on, so every diagram
stays narrow enough to read.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from .escape import Raw, mermaid
from .model import Component, Flow, Step, Trace

SHAPES = {
    "client": "stadium", "dns": "circle", "cdn": "cloud", "load_balancer": "hex",
    "gateway": "fr-rect", "service": "rect", "websocket": "rounded", "worker": "trap-b",
    "scheduler": "trap-t", "cache": "h-cyl", "database": "cyl", "queue": "odd",
    "object_store": "docs", "search": "lin-cyl", "external": "lean-r",
}
KIND_LABELS = {
    "client": "client", "dns": "DNS", "cdn": "CDN", "load_balancer": "load balancer",
    "gateway": "API gateway", "service": "service", "websocket": "WebSocket server",
    "worker": "worker", "scheduler": "scheduler", "cache": "cache", "database": "database",
    "queue": "queue / stream", "object_store": "object store", "search": "search index",
    "external": "external system",
}


LEGEND_COLUMNS = 4      # shapes per legend row
PARTICIPANT_CHARS = 14  # line length of a participant's name in a sequence diagram
MESSAGE_CHARS = 24      # line length of a message label
MAX_PARTICIPANTS = 6    # a trace between more components is drawn in parts, numbering on


def node_id(component_id: str) -> str:
    return f"c_{component_id}"


def node(ident: str, kind: str, label: str) -> str:
    return f'    {ident}@{{ shape: {SHAPES[kind]}, label: "{mermaid(label)}" }}'


def edge(flow: Flow) -> str:
    arrow = "-.->" if flow.async_ else "-->"
    label = f'|"{mermaid(flow.label)}"|' if flow.label else ""
    return f"    {node_id(flow.source)} {arrow}{label} {node_id(flow.to)}"


def flowchart(components: Sequence[Component], flows: Iterable[Flow], new: set[str]) -> Raw:
    """A top-down flowchart (readable at page width); components in `new` get a heavy border."""
    lines = ["flowchart TB"]
    lines += [node(node_id(c.id), c.kind, c.name) for c in components]
    lines += [edge(f) for f in flows]
    fresh = [node_id(c.id) for c in components if c.id in new]
    if fresh and len(fresh) < len(components):
        lines.append("    classDef added stroke-width:3px")
        lines.append(f"    class {','.join(fresh)} added")
    return Raw("\n".join(lines))


def legend(kinds: Iterable[str]) -> Raw:
    """One node per kind used on the page, in the vocabulary's order, LEGEND_COLUMNS to a row.

    Invisible links (`~~~`) chain each row left to right; Mermaid stacks the rows.
    """
    wanted = set(kinds)
    used = [kind for kind in SHAPES if kind in wanted]
    lines = ["flowchart LR"]
    lines += [node(f"k_{kind}", kind, KIND_LABELS[kind]) for kind in used]
    for start in range(0, len(used), LEGEND_COLUMNS):
        row = [f"k_{kind}" for kind in used[start:start + LEGEND_COLUMNS]]
        if len(row) > 1:
            lines.append("    " + " ~~~ ".join(row))
    return Raw("\n".join(lines))


LINE_BREAK = "<br/>"  # Mermaid's line break; the hook HTML-escapes every diagram fence, and the page hands Mermaid it back as text


def wrapped(text: str, width: int) -> Raw:
    """A Mermaid label broken into lines of about `width` characters, only at spaces."""
    parts = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]
    return Raw(LINE_BREAK.join(mermaid(part) for part in parts))


def sequence(steps: Sequence[Step], components: dict[str, Component], first: int = 1) -> Raw:
    """A numbered sequence diagram of `steps`, numbered from `first` to match the walk-through list."""
    lines = ["sequenceDiagram", "    autonumber" + (f" {first}" if first != 1 else "")]
    seen: list[str] = []
    for step in steps:
        for ref in (step.source, step.to):
            if ref not in seen:
                seen.append(ref)
    lines += [f"    participant {node_id(ref)} as {wrapped(components[ref].name, PARTICIPANT_CHARS)}" for ref in seen]
    for step in steps:
        arrow = "-->>" if step.reply else "->>"
        lines.append(f"    {node_id(step.source)}{arrow}{node_id(step.to)}: {wrapped(step.action, MESSAGE_CHARS)}")
    return Raw("\n".join(lines))


def trace_parts(steps: Sequence[Step]) -> list[list[Step]]:
    """Consecutive runs of steps, each between at most MAX_PARTICIPANTS components."""
    parts: list[list[Step]] = [[]]
    seen: set[str] = set()
    for step in steps:
        refs = {step.source, step.to}
        if parts[-1] and len(seen | refs) > MAX_PARTICIPANTS:
            parts.append([])
            seen = set()
        parts[-1].append(step)
        seen |= refs
    return parts


def trace_diagrams(trace: Trace, components: dict[str, Component]) -> list[Raw]:
    """A trace as one sequence diagram, or in parts when it involves many components."""
    out, first = [], 1
    for part in trace_parts(trace.steps):
        out.append(sequence(part, components, first))
        first += len(part)
    return out
