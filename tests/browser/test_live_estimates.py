"""Live estimates: the browser re-evaluates every formula and decision point as Python does.

The agreement test evaluates every derived row and decision point of every problem
in Chromium (docs/js/estimates.js), with the page's own inputs and with seeded
random ones, and compares each figure with what the Python engine prints for the
same inputs, character for character. Then a reader edits an input on the page:
the derived rows, the quoted figures and the decision shown follow, the state
travels in the URL fragment, and reset brings the page back.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, problem_slugs
from studyguide.decisions import decisions
from studyguide.estimate import compute
from studyguide.pipeline import Layout, load_site
from studyguide.units import format_value, parse_display, parse_number

from .conftest import Visit

SETS = 40  # random input sets per problem, on top of the page's own inputs
DECISION_SETS = 8  # of which the first ones also compare decision points (each is a 100-step search in pint)
JS_ROWS = "([numbers]) => { const d = JSON.parse(document.getElementById('sdg-problem').textContent); " \
          "return numbers.map(n => [SDGEstimates.rows(d.estimates, n), SDGEstimates.decide(d, n)]); }"


@pytest.fixture(scope="module")
def problems() -> dict[str, Any]:
    return {v.problem.slug: v.problem for v in load_site(Layout.at(ROOT)).problems}


def with_inputs(problem: Any, numbers: dict[str, float]) -> Any:
    inputs = [i.model_copy(update={"value": numbers[i.id]}) for i in problem.estimation.inputs]
    return problem.model_copy(update={"estimation": problem.estimation.model_copy(update={"inputs": inputs})})


def python_figures(problem: Any, numbers: dict[str, float], points: bool = True) -> tuple[dict[str, Any], list[list[Any]]]:
    """What the Python engine prints for these inputs: {row: {value, figure} or None}, [[side, flip]]."""
    changed = with_inputs(problem, numbers)
    rows, _ = compute(changed.estimation)
    by_id = {r.id: r for r in rows}
    out = {d.id: ({"value": by_id[d.id].value, "figure": by_id[d.id].figure} if d.id in by_id else None)
           for d in problem.estimation.derived}
    return out, [[d.is_above, d.flip] for d in decisions(changed, rows)] if points else []


def random_inputs(problem: Any, rng: random.Random) -> dict[str, float]:
    """Each input scaled by up to 30x either way; half the sets typed the way a reader would (2 figures)."""
    typed = rng.random() < 0.5
    out = {}
    for item in problem.estimation.inputs:
        value = parse_number(item.value) * 10 ** rng.uniform(-1.5, 1.5)
        out[item.id] = float(f"{value:.2g}") if typed else value
    return out


@pytest.mark.parametrize("slug", problem_slugs())
def test_browser_and_python_agree_on_every_formula(slug: str, problems: dict[str, Any], http_site: str, visit: object) -> None:
    problem = problems[slug]
    rng = random.Random(f"agreement:{slug}")
    sets = [{i.id: parse_number(i.value) for i in problem.estimation.inputs}]
    sets += [random_inputs(problem, rng) for _ in range(SETS)]
    seen: Visit = visit(f"{http_site}/problems/{slug}.html", http_site)  # type: ignore[operator]
    results = seen.page.evaluate(JS_ROWS, [sets])  # type: ignore[attr-defined]
    mismatches = []
    for n, (numbers, (js_rows, js_points)) in enumerate(zip(sets, results, strict=True)):
        py_rows, py_points = python_figures(problem, numbers, points=n <= DECISION_SETS)
        for row_id, expected in py_rows.items():
            if js_rows[row_id] != expected:
                mismatches.append(f"{row_id}: python {expected} != browser {js_rows[row_id]} at {numbers}")
        js_sides = [[p["above"], p["flip"]] for p in js_points]
        if n <= DECISION_SETS and js_sides != py_points:
            mismatches.append(f"decisions: python {py_points} != browser {js_sides} at {numbers}")
    assert mismatches == [], "\n".join(mismatches[:10])
    assert seen.errors == []


def test_page_figures_match_python_as_built(problems: dict[str, Any], built_site: Path, visit: object) -> None:
    """From file://, the page's scripts start from the same figures the build printed (nothing rewritten)."""
    origin = built_site.as_uri()
    seen: Visit = visit(f"{origin}/problems/url-shortener.html", origin)  # type: ignore[operator]
    page = seen.page
    page.wait_for_selector(".sdg-input input")  # type: ignore[attr-defined]
    changed = page.locator(".figure--changed").count()  # type: ignore[attr-defined]
    assert changed == 0
    assert seen.errors == [] and seen.foreign == []


def flip_case(problems: dict[str, Any]) -> tuple[str, int, Any, Any]:
    """A decision point with an input to move, from the URL shortener."""
    problem = problems["url-shortener"]
    rows = compute(problem.estimation)[0]
    for index, point in enumerate(decisions(problem, rows)):
        if point.input is not None and point.flip:
            return "url-shortener", index, point, problem
    raise AssertionError("the URL shortener has no decision point with a flip")


def cell_text(page: Any, row_id: str, form: str) -> str:
    selector = f'tr:has(#est-{row_id.replace("_", "-")}) span.figure[data-est="{row_id}"]'
    if form == "figure":
        selector += '[data-form="figure"]'
    else:
        selector += ":not([data-form])"
    return str(page.locator(selector).first.inner_text())


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_editing_an_input_moves_rows_and_decisions(scheme: str, problems: dict[str, Any], built_site: Path,
                                                   http_site: str, visit: object) -> None:
    slug, index, point, problem = flip_case(problems)
    origin = http_site if scheme == "http" else built_site.as_uri()
    seen: Visit = visit(f"{origin}/problems/{slug}.html", origin)  # type: ignore[operator]
    page = seen.page
    name = point.input.id
    field = page.locator(f"#sdg-input-{name}")  # type: ignore[attr-defined]
    base = parse_number(next(i.value for i in problem.estimation.inputs if i.id == name))
    new = base / 10 if point.is_above else base * 10  # far past the flip point, the other side
    typed = format_value(new, parse_display("")).replace(" ", "")
    field.fill(typed)
    numbers = {i.id: parse_number(i.value) for i in problem.estimation.inputs} | {name: parse_number(typed)}
    py_rows, py_points = python_figures(problem, numbers)
    side = page.locator(f'[data-decision="{index}"][data-part="side"]')  # type: ignore[attr-defined]
    assert side.inner_text() == ("above" if py_points[index][0] else "below")
    assert py_points[index][0] != point.is_above
    target = point.row.id
    assert cell_text(page, target, "value") == py_rows[target]["value"]
    assert cell_text(page, target, "figure") == py_rows[target]["figure"]
    prose = page.locator(f'.sdg-answer :is(p, li) span.figure[data-est="{target}"]:not([data-form])')
    assert prose.count() > 0 and all(t == py_rows[target]["value"] for t in prose.all_inner_texts())
    active = page.locator(f'[data-decision="{index}"].sdg-side--now')
    assert active.get_attribute("data-part") == ("above" if py_points[index][0] else "below")
    assert page.evaluate("location.hash") == f"#inputs:{name}={typed}"
    # The fragment is the shareable state: a fresh page with it shows the same numbers.
    url = page.url
    again: Visit = visit(url, origin)  # type: ignore[operator]
    assert again.page.locator(f"#sdg-input-{name}").input_value() == typed  # type: ignore[attr-defined]
    assert cell_text(again.page, target, "value") == py_rows[target]["value"]
    # Reset brings back the page's own assumptions and drops the fragment.
    again.page.get_by_role("button", name="Reset inputs").click()  # type: ignore[attr-defined]
    assert cell_text(again.page, target, "value") == point.row.value
    assert again.page.evaluate("location.hash") == ""  # type: ignore[attr-defined]
    assert seen.errors == [] and again.errors == []


def test_an_invalid_input_is_marked_and_holds_the_numbers(problems: dict[str, Any], http_site: str, visit: object) -> None:
    seen: Visit = visit(f"{http_site}/problems/url-shortener.html", http_site)  # type: ignore[operator]
    page = seen.page
    problem = problems["url-shortener"]
    first = problem.estimation.inputs[0].id
    target = next(d.id for d in problem.estimation.derived if first in d.formula)
    before = cell_text(page, target, "value")
    field = page.locator(f"#sdg-input-{first}")  # type: ignore[attr-defined]
    field.fill("lots")
    assert field.get_attribute("aria-invalid") == "true"
    assert page.locator(f"#sdg-input-{first}-error").is_visible()  # type: ignore[attr-defined]
    assert cell_text(page, target, "value") == before
    # Zero or less is refused too, as the validator refuses such an input (SDG307).
    for value in ("0", "-5"):
        field.fill(value)
        assert field.get_attribute("aria-invalid") == "true", value
        assert cell_text(page, target, "value") == before
    field.fill("2M")
    assert field.get_attribute("aria-invalid") == "false"
    numbers = {i.id: parse_number(i.value) for i in problem.estimation.inputs} | {first: 2e6}
    py_rows, _ = python_figures(problem, numbers)
    for row_id, expected in py_rows.items():
        assert cell_text(page, row_id, "value") == (expected["value"] if expected else "\u2014"), row_id
    assert seen.errors == []
