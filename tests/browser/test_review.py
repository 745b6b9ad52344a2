"""The review page in Chromium: a session grades cards with the keyboard and the mouse, the
FSRS schedule survives a reload (over http and from file://), cards are chosen by problem,
section and tag, one export file carries the schedule with the practice progress, hostile
card text stays text, and axe finds no serious or critical violation, light or dark.

The page's clock is fixed (Playwright's set_fixed_time), so "due in 10 minutes" is testable.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import ROOT
from studyguide import cards
from studyguide.validate import validate_files

from .conftest import allowed

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)  # the page's clock
T0 = int(START.timestamp() * 1000)  # the same, in ms as the page stores times
DAY = 86_400_000
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# The page's own content: the header, footer and search are the theme's, checked on every page elsewhere.
AXE_RUN = """async () => {
  const result = await axe.run({include: [['article']]}, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
}"""
STORED = "() => JSON.parse(localStorage.getItem('sdg.review'))"


@dataclass
class Review:
    page: object
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def front(self) -> str:
        return str(self.page.locator(".sdg-review__front").inner_text())  # type: ignore[attr-defined]

    def status(self) -> str:
        return str(self.page.locator(".sdg-review__status").inner_text())  # type: ignore[attr-defined]

    def stored(self) -> dict[str, object]:
        return self.page.evaluate(STORED) or {}  # type: ignore[attr-defined,no-any-return]

    def reload(self) -> None:
        self.page.reload()  # type: ignore[attr-defined]
        self.page.wait_for_selector(".sdg-review--ready")  # type: ignore[attr-defined]


@pytest.fixture
def open_review(browser: object) -> Iterator[object]:
    contexts = []

    def start(origin: str, scheme: str = "light", width: int = 1280, cards_js: str | None = None) -> Review:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, accept_downloads=True,
                                      timezone_id="UTC")  # type: ignore[attr-defined]
        contexts.append(context)
        context.clock.set_fixed_time(START)
        page = context.new_page()
        seen = Review(page)
        page.on("console", lambda m: seen.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(f"pageerror: {e}"))
        page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))

        def route(r: object) -> None:
            url = r.request.url  # type: ignore[attr-defined]
            if cards_js is not None and url.endswith("/review/cards.js"):
                r.fulfill(body=cards_js, content_type="text/javascript")  # type: ignore[attr-defined]
            elif allowed(url, origin):
                r.continue_()  # type: ignore[attr-defined]
            else:
                seen.foreign.append(url)
                r.abort()  # type: ignore[attr-defined]

        context.route("**/*", route)
        page.goto(f"{origin}/review.html", wait_until="load")
        page.wait_for_selector(".sdg-review--ready")
        return seen

    yield start
    for context in contexts:
        context.close()


def site_cards(site: Path) -> list[dict[str, object]]:
    """The built site's cards, each with its deck's tags."""
    text = (site / "review" / "cards.js").read_text(encoding="ascii")
    data = json.loads(text.removeprefix("window.SDG_CARDS = ").removesuffix(";\n"))
    tags = {d["id"]: d["tags"] for d in data["decks"]}
    return [{**c, "tags": tags[c["deck"]], "key": c.get("key", False)} for c in data["cards"]]


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_a_session_grades_cards_and_the_schedule_survives_reload(scheme: str, built_site: Path, http_site: str, open_review: object) -> None:
    origin = http_site if scheme == "http" else built_site.as_uri()
    review: Review = open_review(origin)  # type: ignore[operator]
    page = review.page
    first = site_cards(built_site)[0]
    assert review.front() == first["front"]
    assert page.locator(".sdg-review__answer").count() == 0  # type: ignore[attr-defined]
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    assert page.locator(".sdg-review__answer").is_visible()  # type: ignore[attr-defined]
    page.keyboard.press("4")  # type: ignore[attr-defined]
    second = review.front()
    page.locator(".sdg-review__button--main").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Good, next in").click()  # type: ignore[attr-defined]
    third = review.front()
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    page.keyboard.press("1")  # type: ignore[attr-defined]
    assert "Reviewed this session: 3." in review.status()
    stored = review.stored()["cards"]
    assert len(stored) == 3  # type: ignore[arg-type]
    easy = stored[first["id"]]  # type: ignore[index]
    assert easy["due"] >= T0 + DAY and easy["reps"] == 1

    review.reload()
    assert review.stored()["cards"] == stored
    assert review.front() == third, "the card graded Again is due first, a minute later"
    assert "Due now: 0." in review.status()
    page.context.clock.set_fixed_time(START + timedelta(days=40))  # type: ignore[attr-defined]
    review.reload()
    assert "Due now: 3." in review.status()
    assert review.front() in {first["front"], second, third}
    assert review.errors == [] and review.foreign == []


def test_choosing_cards_by_problem_section_and_tag(built_site: Path, http_site: str, open_review: object) -> None:
    review: Review = open_review(http_site)  # type: ignore[operator]
    page = review.page
    everything = site_cards(built_site)
    page.locator(".sdg-review__choose summary").click()  # type: ignore[attr-defined]
    decks, kinds = page.locator("fieldset").nth(0), page.locator("fieldset").nth(1)  # type: ignore[attr-defined]
    decks.get_by_role("button", name="none").click()
    decks.get_by_label("Design a URL shortener").check()
    kinds.get_by_role("button", name="none").click()
    kinds.get_by_label("Estimates").check()
    picked = [c for c in everything if c["deck"] == "url-shortener" and c["kind"] == "estimate"]
    assert f"Cards chosen: {len(picked)}." in review.status()
    assert page.locator(".sdg-review__context").inner_text().startswith("Design a URL shortener · Estimates")  # type: ignore[attr-defined]
    assert review.front() == picked[0]["front"]
    page.get_by_label("Interview cut only").check()  # type: ignore[attr-defined]
    key = [c for c in picked if c["key"]]
    assert key and f"Cards chosen: {len(key)}." in review.status()
    assert review.front() == key[0]["front"]

    decks.get_by_role("button", name="all").click()
    kinds.get_by_role("button", name="all").click()
    page.get_by_label("Interview cut only").uncheck()  # type: ignore[attr-defined]
    page.get_by_label("Focus tag").select_option("fan-out")  # type: ignore[attr-defined]
    tagged = [c for c in everything if "fan-out" in c["tags"]]  # type: ignore[operator]
    assert f"Cards chosen: {len(tagged)}." in review.status()
    page.get_by_label("New cards a day").fill("5")  # type: ignore[attr-defined]
    page.get_by_label("New cards a day").press("Enter")  # type: ignore[attr-defined]
    assert "Left: 5." in review.status()
    review.reload()
    assert "tag fan-out" in page.locator(".sdg-review__choose summary").inner_text()  # type: ignore[attr-defined]
    assert f"Cards chosen: {len(tagged)}." in review.status() and "Left: 5." in review.status()
    assert review.errors == [] and review.foreign == []


def test_undo_and_keys_that_belong_to_other_controls(http_site: str, open_review: object) -> None:
    review: Review = open_review(http_site)  # type: ignore[operator]
    page = review.page
    first = review.front()
    page.locator(".sdg-review__choose summary").focus()  # type: ignore[attr-defined]
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    assert page.locator(".sdg-review__choose").get_attribute("open") is not None  # type: ignore[attr-defined]
    assert page.locator(".sdg-review__answer").count() == 0, "Space on another control keeps its own meaning"  # type: ignore[attr-defined]
    page.locator(".sdg-review__front").focus()  # type: ignore[attr-defined]
    page.keyboard.press("3")  # type: ignore[attr-defined]
    assert review.front() == first, "a grade needs the answer shown first"
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    page.keyboard.press("3")  # type: ignore[attr-defined]
    assert review.front() != first and len(review.stored()["cards"]) == 1  # type: ignore[arg-type]
    page.keyboard.press("u")  # type: ignore[attr-defined]
    assert review.front() == first and review.stored()["cards"] == {}
    assert "Reviewed this session: 0." in review.status()
    assert review.errors == []


def test_one_export_file_carries_the_schedule_and_the_practice_progress(http_site: str, open_review: object, tmp_path: Path) -> None:
    review: Review = open_review(http_site)  # type: ignore[operator]
    page = review.page
    page.evaluate("""() => localStorage.setItem('sdg.practice.chat-system', JSON.stringify({notes: {requirements: 'ask about groups'}}))""")  # type: ignore[attr-defined]
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    page.keyboard.press("3")  # type: ignore[attr-defined]
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Export progress").click()  # type: ignore[attr-defined]
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    assert exported["format"] == "system-design-study-guide/progress" and exported["version"] == 1
    assert set(exported["data"]) >= {"review", "practice.chat-system"}
    assert len(exported["data"]["review"]["cards"]) == 1

    page.evaluate("() => localStorage.clear()")  # type: ignore[attr-defined]
    review.reload()
    assert review.stored() == {}
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    for path, said in [(bad, "This file is not a study-guide progress export."), (saved, "Imported ")]:
        with page.expect_file_chooser() as chooser:  # type: ignore[attr-defined]
            page.get_by_role("button", name="Import progress").click()  # type: ignore[attr-defined]
        chooser.value.set_files(str(path))
        page.wait_for_function("t => document.querySelector('.sdg-review__message').textContent.startsWith(t)", arg=said)  # type: ignore[attr-defined]
    assert review.stored()["cards"] == exported["data"]["review"]["cards"]
    assert page.evaluate("() => localStorage.getItem('sdg.practice.chat-system')") is not None  # type: ignore[attr-defined]
    assert review.errors == []


def test_hostile_card_text_stays_text(http_site: str, open_review: object) -> None:
    valid, _ = validate_files([ROOT / "tests" / "fixtures" / "golden" / "problems" / "tricky-cache.yaml"], ROOT)
    made = cards.problem_cards(valid[0])
    script = cards.script(made, [cards.Deck("tricky-cache", valid[0].problem.title), cards.Deck("reference", "Reference")])
    review: Review = open_review(http_site, cards_js=script)  # type: ignore[operator]
    page = review.page
    assert page.locator(".sdg-review__context").inner_text().startswith('Design a <script>alert("x")</script> cache')  # type: ignore[attr-defined]
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    assert "Names the <store> as the source of truth." in page.locator(".sdg-review__answer").inner_text()  # type: ignore[attr-defined]
    assert page.evaluate("() => document.querySelectorAll('#sdg-review script, #sdg-review store, #sdg-review b').length") == 0  # type: ignore[attr-defined]
    assert page.locator("#sdg-review-tag option", has_text="escaping <b>").count() == 1  # type: ignore[attr-defined]
    assert review.dialogs == [] and review.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_review_page_is_accessible(scheme: str, http_site: str, open_review: object) -> None:
    review: Review = open_review(http_site, scheme)  # type: ignore[operator]
    page = review.page
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    page.locator(".sdg-review__choose summary").click()  # type: ignore[attr-defined]
    found = [f"card: {v}" for v in page.evaluate(AXE_RUN)]  # type: ignore[attr-defined]
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    found += [f"answer: {v}" for v in page.evaluate(AXE_RUN)]  # type: ignore[attr-defined]
    assert found == [], "\n".join(found)
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")  # type: ignore[attr-defined]
    assert (background == "rgb(255, 255, 255)") == (scheme == "light")
    assert review.errors == []


def test_the_review_page_fits_a_phone(http_site: str, open_review: object) -> None:
    review: Review = open_review(http_site, width=390)  # type: ignore[operator]
    page = review.page
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    page.locator(".sdg-review__choose summary").click()  # type: ignore[attr-defined]
    sideways = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")  # type: ignore[attr-defined]
    assert sideways <= 0
    assert page.locator(".sdg-review__grade").first.is_visible()  # type: ignore[attr-defined]


def test_a_second_tab_follows_the_schedule(http_site: str, open_review: object) -> None:
    review: Review = open_review(http_site)  # type: ignore[operator]
    other = review.page.context.new_page()  # type: ignore[attr-defined]
    other.goto(f"{http_site}/review.html")
    other.wait_for_selector(".sdg-review--ready")
    assert "New today: 20 more" in other.locator(".sdg-review__status").inner_text()
    review.page.keyboard.press("Space")  # type: ignore[attr-defined]
    review.page.keyboard.press("4")  # type: ignore[attr-defined]
    other.wait_for_function("() => document.querySelector('.sdg-review__status').textContent.includes('New today: 19 more')")
    review.reload()
    assert review.stored()["days"] == {"2026-01-01": {"reviews": 1, "fresh": 1, "extra": 0}}
