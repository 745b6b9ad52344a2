"""Flashcards: every problem's key facts and the reference data, as review cards.

`cards` is a pure function from the validated problems and the site data to a
list of cards. Nothing is kept by hand: a card is rebuilt from its source on
every build, so the cards change when the page does. Each card's id says where
it comes from (deck, kind, and the item's own id or a slug of its title), never
its position in a list, so editing a problem updates its cards in place, in the
browser's review schedule and in Anki alike.

Card text is plain text (computed figures quoted in prose are shown as the bare
figure); whoever shows a card escapes it for its own language.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .compute import SCOPES, dive_anchor, failure_anchor, problem_page, slugify, tradeoff_anchor
from .data import SiteData
from .decisions import input_values, row_values
from .escape import anchor
from .estimate import Row, refs
from .fragments import Sources, reference_availability, reference_latency, reference_throughput
from .model import NonFunctional, Problem
from .prose import plain
from .units import format_value, parse_display, parse_number
from .validate import Valid

REFERENCE = "reference"
ASSET = "review/cards.js"  # the cards as a classic script: it loads from file:// too, where fetch() of JSON does not
GLOBAL = "SDG_CARDS"
ID_SLUG = 60  # characters of a title kept in an id

# Card kinds, in page order: problem sections first, then the reference data.
KINDS = {
    "level": "Level expectations", "question": "Clarifying questions", "estimate": "Estimates",
    "data": "Data model", "dive": "Deep dives", "tradeoff": "Tradeoffs", "failure": "Failures",
    "follow-up": "Follow-up questions",
    "latency": "Latency", "throughput": "Throughput", "availability": "Availability",
    "rule": "Formulas and rules", "term": "Glossary", "classic": "Classic tradeoffs",
}
LEVELS = {"mid": "a mid-level", "senior": "a senior", "staff": "a staff"}
ABOVE = {"senior": "Everything a mid-level candidate covers, plus:", "staff": "Everything a senior candidate covers, plus:"}

Line = tuple[str, str]  # (label, text); an empty label is a bullet


@dataclass(frozen=True)
class Card:
    id: str
    deck: str                  # a problem's slug, or "reference"
    kind: str                  # a key of KINDS
    front: str                 # the cue
    prompt: str                # what to recall
    given: tuple[Line, ...]    # facts shown with the cue
    back: tuple[Line, ...]     # the answer
    href: str                  # the section it comes from: site path and anchor
    tags: tuple[str, ...] = ()
    key: bool = False          # part of the problem's interview cut


@dataclass(frozen=True)
class Deck:
    id: str
    title: str


def html_path(page: str, fragment: str = "") -> str:
    """A docs page as the built site names it (the offline build has no directory URLs)."""
    path = page.removesuffix(".md") + ".html"
    return f"{path}#{fragment}" if fragment else path


def _lines(*pairs: tuple[str, str]) -> tuple[Line, ...]:
    """Labelled lines in plain text, leaving out empty ones."""
    return tuple((label, plain(text)) for label, text in pairs if text)


# Problem cards ---------------------------------------------------------------

@dataclass(frozen=True)
class _Source:
    """One problem and what its cards need, computed once."""

    problem: Problem
    rows: dict[str, Row]
    points: dict[str, list[Line]]

    def card(self, kind: str, item: str, anchor_id: str, **fields: Any) -> Card:
        p = self.problem
        return Card(id=f"{p.slug}/{kind}/{item}", deck=p.slug, kind=kind, href=html_path(problem_page(p.slug), anchor_id),
                    tags=tuple(p.focus), **fields)

    def cited(self, ref: str) -> str:
        """A cited id in words: an estimate with its figure, a requirement with its text."""
        if ref in self.rows:
            row = self.rows[ref]
            return f"{row.label} ({row.figure or row.value})"
        req = self.problem.requirements
        found = next((r for r in [*req.functional, *req.non_functional] if r.id == ref), None)
        if found is None:
            return ref
        target = f" ({plain(found.target)})" if isinstance(found, NonFunctional) else ""
        return f"{ref} {plain(found.text)}{target}"


def level_cards(src: _Source) -> Iterator[Card]:
    for level, who in LEVELS.items():
        items = [("", item) for item in getattr(src.problem.levels, level)]
        yield src.card("level", level, "levels", front=f"What is {who} candidate expected to cover?",
                       prompt="Name the points an interviewer listens for at this level.", given=(),
                       back=_lines(*([("", ABOVE[level])] if level in ABOVE else []), *items))


def question_cards(src: _Source) -> Iterator[Card]:
    for q in src.problem.requirements.clarifying:
        yield src.card("question", slugify(q.question, ID_SLUG), "clarifying-questions", front=plain(q.question),
                       prompt="What answer do we assume, and why does it matter?", given=(),
                       back=_lines(("Assume", q.answer), ("Why it matters", q.impact)), key=q.key)


def thresholds(problem: Problem, rows: list[Row]) -> dict[str, list[Line]]:
    """Each derived row's decision points, with the side today's inputs are on.

    The page also searches where each decision flips; a card leaves that out, so
    the cards cost one evaluation per threshold, not a search.
    """
    values = row_values(rows, input_values(problem.estimation))
    out: dict[str, list[Line]] = {}
    for item in problem.estimation.derived:
        if item.thresholds:
            display = parse_display(item.unit)
            now = float(values[item.id].to(display.unit).magnitude)
            for t in item.thresholds:
                at = format_value(parse_number(t.at), display)
                above = now >= parse_number(t.at)
                out.setdefault(item.id, []).extend([
                    (f"At or above {at}" + (" (today)" if above else ""), plain(t.above)),
                    (f"Below {at}" + ("" if above else " (today)"), plain(t.below)),
                ])
    return out


def estimate_cards(src: _Source) -> Iterator[Card]:
    for item in src.problem.estimation.derived:
        row = src.rows[item.id]
        inputs = [src.rows[name] for name in dict.fromkeys(refs(row.tree or {}))]
        given = tuple((r.label, r.figure or r.value) for r in inputs)
        formula = f"{row.formula}, {row.per}" if row.per else row.formula
        points = src.points.get(item.id, [])
        yield src.card("estimate", item.id, anchor("est", item.id), front=row.label,
                       prompt="Work it out from these inputs. What does it imply?" if given else "Work it out. What does it imply?",
                       given=given, back=(*_lines(*_figures(row), ("Formula", formula), ("Implies", row.note)), *points),
                       key=item.key)


def _figures(row: Row) -> list[Line]:
    """The figure to say, and the exact value when rounding changed it."""
    if row.figure.lstrip("~") == row.value:
        return [("Value", row.value)]
    return [("Say", row.figure), ("Exactly", row.value)]


def data_cards(src: _Source) -> Iterator[Card]:
    model = src.problem.deep_dives.data_model
    names = {c.id: c.name + (f" ({c.tech})" if c.tech else "") for c in src.problem.architecture.components}
    stores = "; ".join(f"{e.name} in {names[e.store]}" for e in model.entities)
    yield src.card("data", "sharding", "sharding", front="How is the data stored and sharded?",
                   prompt="Name the stores, the sharding key and why, and where hot spots remain.", given=(),
                   back=_lines(("Stores", stores), ("Key", model.sharding.key), ("Why", model.sharding.why),
                               ("Hot spots", model.sharding.hot_spots)))


def dive_cards(src: _Source) -> Iterator[Card]:
    for d in src.problem.deep_dives.dives:
        best = next(a for a in d.approaches if a.grade == "best")
        others = [(f"{a.name} ({a.grade})", a.verdict) for a in d.approaches if a is not best]
        yield src.card("dive", slugify(d.title, ID_SLUG), dive_anchor(d.title), front=plain(d.title),
                       prompt="Which approach is best here, and why?",
                       given=_lines(("Problem", d.problem), ("Approaches", " · ".join(a.name for a in d.approaches))),
                       back=_lines(("Best", best.name), ("Why", d.recommendation.because), ("How", best.how), *others),
                       key=d.key)


def tradeoff_cards(src: _Source) -> Iterator[Card]:
    for t in src.problem.tradeoffs:
        yield src.card("tradeoff", slugify(t.title, ID_SLUG), tradeoff_anchor(t.title), front=plain(t.title),
                       prompt="Which option do you choose here, and why? What does it cost, and how is that kept small?",
                       given=_lines(("Options", " · ".join(t.options))),
                       back=_lines(("Choice", t.choice), ("Because", t.because), ("Cost", t.cost),
                                   ("Mitigation", t.mitigation), ("Decided by", "; ".join(src.cited(r) for r in t.decided_by))),
                       key=t.key)


def failure_cards(src: _Source) -> Iterator[Card]:
    failures = src.problem.wrapup.failures
    names = {c.id: c.name for c in src.problem.architecture.components}
    pairs = Counter((f.component, f.scope) for f in failures)
    for i, f in enumerate(failures):
        key = f"{f.component}-{f.scope}".replace("_", "-")
        if pairs[(f.component, f.scope)] > 1:
            key += "-" + slugify(f.breaks, 32)
        what = f"Failure: {names[f.component]}" + (f" ({SCOPES[f.scope]})" if SCOPES[f.scope] else "")
        rpo = f"{plain(f.rpo)} / {plain(f.rto)}" if f.rpo or f.rto else ""
        yield src.card("failure", key, failure_anchor(i), front=plain(what),
                       prompt="How is it detected, and how does the system recover? What data is lost?",
                       given=_lines(("What breaks", f.breaks)),
                       back=_lines(("Detection", f.detection), ("Recovery", f.recovery), ("Data loss", f.data_loss),
                                   ("Backup", f.backup), ("RPO / RTO", rpo),
                                   ("Keeps", "; ".join(src.cited(r) for r in f.protects))),
                       key=f.key)


def follow_up_cards(src: _Source) -> Iterator[Card]:
    for q in src.problem.wrapup.follow_ups:
        yield src.card("follow-up", slugify(q.question, ID_SLUG), "follow-up-questions", front=plain(q.question),
                       prompt="Answer it in two or three sentences.", given=(), back=_lines(("Answer", q.answer)))


PROBLEM_CARDS: list[Callable[[_Source], Iterator[Card]]] = [
    level_cards, question_cards, estimate_cards, data_cards, dive_cards, tradeoff_cards, failure_cards, follow_up_cards,
]


def problem_cards(valid: Valid) -> list[Card]:
    """One problem's cards, in the order of its page."""
    src = _Source(valid.problem, {r.id: r for r in valid.rows}, thresholds(valid.problem, valid.rows))
    return [card for make in PROBLEM_CARDS for card in make(src)]


# Reference cards -------------------------------------------------------------

def _ref(kind: str, item: str, href: str, **fields: Any) -> Card:
    return Card(id=f"{REFERENCE}/{kind}/{item}", deck=REFERENCE, kind=kind, href=href, **{"given": (), **fields})


ESTIMATION = "learn/estimation.md"


def reference_cards(data: SiteData) -> list[Card]:
    src = Sources(Path(), data, {})  # the reference tables' own rows, formatted as the chapters show them
    out = []
    for r in reference_latency(src, ESTIMATION)[1]["rows"]:
        out.append(_ref("latency", slugify(r["row"].operation, ID_SLUG), html_path(ESTIMATION, "latency"),
                        front=plain(r["row"].operation), prompt="How long does it take?",
                        back=_lines(("Classic figure", r["value"]), ("Today", r["today"]), ("Means", r["row"].note))))
    for r in reference_throughput(src, ESTIMATION)[1]["rows"]:
        out.append(_ref("throughput", slugify(r["row"].component, ID_SLUG), html_path(ESTIMATION, "throughput"),
                        front=plain(r["row"].component), prompt="How much does one handle?",
                        back=_lines(("Throughput", r["range"]), ("Means", r["row"].note))))
    for r in reference_availability(src, ESTIMATION)[1]["rows"]:
        name = f" ({r['nines']})" if r["nines"] else ""
        out.append(_ref("availability", slugify(r["percent"]), html_path(ESTIMATION, "availability"),
                        front=f"{r['percent']} availability{name}", prompt="How much downtime does it allow?",
                        back=_lines(("Per year", r["year"]), ("Per month", r["month"]), ("Per day", r["day"]))))
    for rule in data.reference.one_liners:
        out.append(_ref("rule", slugify(rule.name, ID_SLUG), html_path("cheat-sheet.md", "formulas-and-rules"),
                        front=plain(rule.name), prompt="State the rule, and when it matters.",
                        back=_lines(("Rule", rule.rule), ("When", rule.use))))
    for term in data.glossary.terms:
        out.append(_ref("term", slugify(term.term, ID_SLUG), html_path("glossary.md"), front=plain(term.term),
                        prompt="Say what it means in a sentence.",
                        back=_lines(("Meaning", term.definition), ("Also written", ", ".join(term.aliases)))))
    for t in data.tradeoffs.tradeoffs:
        out.append(_ref("classic", t.id.replace("_", "-"), html_path("problems/tradeoffs.md", anchor("classic", t.id)),
                        front=plain(t.title), prompt=plain(t.question), given=_lines(("Options", " · ".join(t.options))),
                        back=_lines(*((f"{p.option} when", p.when) for p in t.pick),
                                    ("Example", f"{t.example_scenario}: {t.choice}. {t.because}"))))
    return out


# All cards -------------------------------------------------------------------

def unique(cards: list[Card]) -> list[Card]:
    """Ids made unique: a second card whose source slugs to the same id gets -2, a third -3."""
    seen: Counter[str] = Counter()
    out = []
    for card in cards:
        seen[card.id] += 1
        out.append(card if seen[card.id] == 1 else replace(card, id=f"{card.id}-{seen[card.id]}"))
    return out


def decks(problems: list[Valid]) -> list[Deck]:
    """One deck per problem, by title, then the reference deck."""
    ordered = sorted((v.problem for v in problems), key=lambda p: (p.title.lower(), p.slug))
    return [*(Deck(p.slug, plain(p.title)) for p in ordered), Deck(REFERENCE, "Reference")]


def cards(problems: list[Valid], data: SiteData, made: Callable[[Valid], list[Card]] = problem_cards) -> list[Card]:
    """Every card: each problem's, in deck order, then the reference cards.

    `made` gives a problem's cards (a server passes one that keeps them between rebuilds)."""
    by_slug = {v.problem.slug: v for v in problems}
    out = [card for deck in decks(problems) if deck.id in by_slug for card in made(by_slug[deck.id])]
    return unique(out + reference_cards(data))


def counts(all_cards: list[Card], all_decks: list[Deck]) -> list[dict[str, Any]]:
    """Cards per deck and kind, for the review page and the report."""
    found = Counter((c.deck, c.kind) for c in all_cards)
    return [{"deck": d, "kinds": {k: found[(d.id, k)] for k in KINDS}, "total": sum(found[(d.id, k)] for k in KINDS)}
            for d in all_decks]


def as_json(card: Card) -> dict[str, Any]:
    """A card as JSON data (the review page's and the golden file's form)."""
    return {"id": card.id, "deck": card.deck, "kind": card.kind, "front": card.front, "prompt": card.prompt,
            "given": [list(line) for line in card.given], "back": [list(line) for line in card.back],
            "href": card.href, "tags": list(card.tags), "key": card.key}


def script(all_cards: list[Card], all_decks: list[Deck]) -> str:
    """The cards as a classic script defining one global; ASCII only, so no charset can garble it.

    A problem's focus tags are the same on all its cards, so they travel once, with its deck."""
    tags = {c.deck: list(c.tags) for c in all_cards}
    payload = {
        "version": 1,
        "decks": [{"id": d.id, "title": d.title, "tags": tags.get(d.id, [])} for d in all_decks],
        "kinds": [{"id": k, "title": t} for k, t in KINDS.items()],
        "cards": [{k: v for k, v in as_json(c).items() if k != "tags" and (k != "key" or v)} for c in all_cards],
    }
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"))
    return f"window.{GLOBAL} = {text};\n".replace("<", "\\u003c")
