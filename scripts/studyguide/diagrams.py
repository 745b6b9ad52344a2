"""Stage 3b: Mermaid diagrams generated from the architecture.

One shape per component kind, so a database always looks like a database and a
reader learns the vocabulary once. Node ids are prefixed (`c_`) so a component
called `end` or `graph` cannot collide with Mermaid keywords; every label goes
through `escape.mermaid`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .escape import Raw, mermaid
from .model import Component, Flow, Trace

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
    """One node per kind used on the page, in the vocabulary's order."""
    used = set(kinds)
    lines = ["flowchart LR"]
    lines += [node(f"k_{kind}", kind, KIND_LABELS[kind]) for kind in SHAPES if kind in used]
    return Raw("\n".join(lines))


def sequence(trace: Trace, components: dict[str, Component]) -> Raw:
    """A numbered sequence diagram; numbers match the walk-through list."""
    lines = ["sequenceDiagram", "    autonumber"]
    seen: list[str] = []
    for step in trace.steps:
        for ref in (step.source, step.to):
            if ref not in seen:
                seen.append(ref)
    lines += [f"    participant {node_id(ref)} as {mermaid(components[ref].name)}" for ref in seen]
    for step in trace.steps:
        arrow = "-->>" if step.reply else "->>"
        lines.append(f"    {node_id(step.source)}{arrow}{node_id(step.to)}: {mermaid(step.action)}")
    return Raw("\n".join(lines))
