"""Practice mode as a learner uses it, in Chromium, over http and from file://.

The switch folds every answer behind its prompt and persists across pages; notes
stay per problem and section; the interviewer dialogue answers one question at a
time and names what was missed; the timer (on a mocked clock) crosses a
checkpoint and survives a reload; checklists give a level, progress shows on the
index and round-trips through export and import; printing opens every answer;
axe finds no serious or critical violation, light and dark.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from studyguide.framework import pacing
from studyguide.model import MINUTES
from studyguide.pipeline import Layout, load_site
from studyguide.prose import plain

from .axe import violations
from .conftest import allowed

SLUG = "url-shortener"
OTHER = "chat-system"
SECTIONS = ["requirements", "estimation", "api", "architecture", "deep-dives", "tradeoffs", "wrap-up"]


@pytest.fixture(scope="module")
def site() -> Any:
    return load_site(Layout.at(ROOT))


@pytest.fixture(scope="module")
def problem(site: Any) -> Any:
    return next(v.problem for v in site.problems if v.problem.slug == SLUG)


class Tab:
    """One browser context (its own storage) with requests confined to the site, and its page's errors."""

    def __init__(self, browser: Any, origin: str, **options: Any):
        self.origin = origin
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: Any) -> None:
        if allowed(route.request.url, self.origin):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def open(self, path: str) -> Any:
        self.page.goto(f"{self.origin}/{path}", wait_until="load")
        self.page.wait_for_selector(".sdg-toolbar--ready, .sdg-progress--ready")
        return self.page

    def clean(self) -> None:
        assert self.errors == [] and self.foreign == []


@pytest.fixture
def tabs(browser: Any, built_site: Path, http_site: str) -> Iterator[Any]:
    made: list[Tab] = []

    def make(scheme: str = "http", **options: Any) -> Tab:
        tab = Tab(browser, http_site if scheme == "http" else built_site.as_uri(), **options)
        made.append(tab)
        return tab

    yield make
    for tab in made:
        tab.context.close()


def problem_path(slug: str) -> str:
    return f"problems/{slug}.html"


def section(page: Any, sid: str) -> Any:
    return page.locator(f'.sdg-section[data-section="{sid}"]')


def practise(page: Any) -> None:
    page.get_by_role("radio", name="Practice").check()


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_practice_switch_folds_answers_and_persists(scheme: str, tabs: Any, problem: Any) -> None:
    tab = tabs(scheme)
    page = tab.open(problem_path(SLUG))
    for sid in SECTIONS:  # study mode: every answer open, no prompts
        assert section(page, sid).locator(".sdg-answer").is_visible()
        assert not section(page, sid).locator(".sdg-prompt").is_visible()
    # ... and none built: practice mode's furniture costs a study-mode load nothing.
    assert page.locator(".sdg-prompt, .sdg-check, .sdg-finish, .sdg-dialogue").count() == 0
    # Keyboard: focus the switch and move to Practice with an arrow key.
    page.get_by_role("radio", name="Study").focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("radio", name="Practice").is_checked()
    for sid in SECTIONS:
        block = section(page, sid)
        assert not block.locator(".sdg-answer").is_visible(), sid
        assert block.locator(".sdg-prompt").is_visible(), sid
        assert block.get_by_role("button", name="Show the reference answer").get_attribute("aria-expanded") == "false"
    assert problem.title in section(page, "requirements").locator(".sdg-prompt__ask").inner_text()
    key_labels = [d.label for d in problem.estimation.derived if d.key]
    details = section(page, "estimation").locator(".sdg-prompt").inner_text()
    assert all(label in details for label in key_labels)
    assert not section(page, "levels").locator(".sdg-answer").is_visible()
    assert not section(page, "cut").locator(".sdg-answer").is_visible()
    # Open one answer: the answer and its checklist show.
    toggle = section(page, "api").locator(".sdg-reveal")
    assert toggle.inner_text() == "Show the reference answer"
    toggle.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.inner_text() == "Hide the reference answer"
    assert section(page, "api").locator(".sdg-answer").is_visible()
    assert section(page, "api").locator(".sdg-check").is_visible()
    # Another page keeps the mode; coming back keeps the opened answer.
    page = tab.open(problem_path(OTHER))
    assert page.get_by_role("radio", name="Practice").is_checked()
    assert not section(page, "api").locator(".sdg-answer").is_visible()
    page = tab.open(problem_path(SLUG))
    assert section(page, "api").locator(".sdg-answer").is_visible()
    assert not section(page, "estimation").locator(".sdg-answer").is_visible()
    # A link into a folded answer opens it.
    page.goto(f"{tab.origin}/{problem_path(SLUG)}#est-peak-read-qps")
    page.wait_for_selector(".sdg-toolbar--ready")
    assert section(page, "estimation").locator(".sdg-answer").is_visible()
    page.get_by_role("button", name="Fold every answer again").click()
    assert not section(page, "api").locator(".sdg-answer").is_visible()
    page.get_by_role("radio", name="Study").check()
    assert all(section(page, sid).locator(".sdg-answer").is_visible() for sid in SECTIONS)
    tab.clean()


def test_notes_are_kept_per_problem_and_section(tabs: Any) -> None:
    tab = tabs()
    page = tab.open(problem_path(SLUG))
    practise(page)
    notes = page.get_by_label("Your notes on api")
    notes.fill("POST /links returns 201 with the code")
    page.wait_for_function(f"(SDGStore.get('practice.{SLUG}') || {{notes: {{}}}}).notes.api !== undefined")  # saved once typing stops
    page = tab.open(problem_path(SLUG))
    assert page.get_by_label("Your notes on api").input_value() == "POST /links returns 201 with the code"
    assert page.get_by_label("Your notes on estimation").input_value() == ""
    page = tab.open(problem_path(OTHER))
    assert page.get_by_label("Your notes on api").input_value() == ""
    tab.clean()


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_interviewer_dialogue(scheme: str, tabs: Any, problem: Any) -> None:
    tab = tabs(scheme)
    page = tab.open(problem_path(SLUG))
    practise(page)
    req = problem.requirements
    keys = [c for c in req.clarifying if c.key]
    asked_key, decoy = keys[0], req.distractors[0]
    box = section(page, "requirements").locator(".sdg-dialogue")
    offered = box.locator(".sdg-dialogue__choices label").all_inner_texts()
    assert sorted(offered) == sorted([c.question for c in req.clarifying] + [d.question for d in req.distractors])
    assert offered != [c.question for c in req.clarifying] + [d.question for d in req.distractors], "questions are shuffled"
    box.get_by_label(asked_key.question).check()
    box.get_by_label(decoy.question).check()
    box.get_by_role("button", name="Ask the interviewer").click()
    assert box.locator(".sdg-dialogue__exchange").count() == 1  # one answer at a time
    box.get_by_role("button", name="Next answer (2 of 2)").click()
    exchanges = box.locator(".sdg-dialogue__exchange").all_inner_texts()
    assert len(exchanges) == 2
    order = sorted([asked_key, decoy], key=lambda q: offered.index(q.question))
    for text, asked in zip(exchanges, order, strict=True):  # asked in the order offered
        assert asked.question in text
    assert asked_key.answer in exchanges[order.index(asked_key)]
    box.get_by_role("button", name="See what you missed").click()
    summary = box.inner_text()
    missed = box.locator("h4", has_text="Important questions you missed").locator("xpath=..").inner_text()
    for c in keys[1:]:
        assert c.question in missed and plain(c.impact) in missed
    assert asked_key.question not in missed
    for d in req.distractors:
        assert plain(d.why_not) in summary
    # The question asked ticks its item in the requirements checklist.
    index = req.clarifying.index(asked_key)
    assert page.locator(f"#sdg-check-requirements-ask-{index}").is_checked()
    page = tab.open(problem_path(SLUG))  # the conversation survives a reload
    assert "Important questions you missed" in section(page, "requirements").locator(".sdg-dialogue").inner_text()
    tab.clean()


def test_timer_crosses_a_checkpoint_and_survives_a_reload(tabs: Any, site: Any, problem: Any) -> None:
    slots = pacing(site.data.framework, MINUTES[problem.difficulty])
    first, second = slots[0], slots[1]
    tab = tabs()
    tab.context.clock.install(time=dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC))
    page = tab.open(problem_path(SLUG))
    practise(page)
    timer = page.get_by_role("group", name="Interview timer", exact=True)
    assert first.section.title in timer.locator(".sdg-timer__phase").inner_text()
    assert f"{second.section.title} at {first.ends_at}:00" in timer.locator(".sdg-timer__next").inner_text()
    timer.get_by_role("button", name="Start").click()
    tab.context.clock.run_for(first.ends_at * 60 * 1000 - 2000)
    assert "sdg-timer--cue" not in (timer.get_attribute("class") or "")
    tab.context.clock.run_for(3500)  # across the first boundary, and past the display's next 250 ms tick
    assert second.section.title in timer.locator(".sdg-timer__phase").inner_text()
    cue = timer.get_by_role("status")
    assert f"Time for {second.section.title}" in cue.inner_text()
    checkpoint = next(c.ask for c in site.data.framework.checkpoints if c.after == first.section.id)
    assert checkpoint in cue.inner_text()
    assert "sdg-timer--cue" in (timer.get_attribute("class") or "")
    shown = timer.locator(".sdg-timer__elapsed").inner_text()
    # 1.5 s past the boundary by the mocked clock; the real time the page took to open adds a little
    assert shown.startswith(f"{first.ends_at:02d}:0") and 1 <= int(shown[-2:]) <= 3, shown
    page = tab.open(problem_path(SLUG))  # still running after a reload
    timer = page.get_by_role("group", name="Interview timer", exact=True)
    tab.context.clock.run_for(1000)
    assert timer.locator(".sdg-timer__elapsed").inner_text() >= shown
    assert timer.get_by_role("button", name="Pause").is_visible()
    timer.get_by_role("button", name="Pause").click()
    paused = timer.locator(".sdg-timer__elapsed").inner_text()
    tab.context.clock.run_for(10000)
    assert timer.locator(".sdg-timer__elapsed").inner_text() == paused
    timer.get_by_role("button", name="Reset").click()
    assert timer.locator(".sdg-timer__elapsed").inner_text() == "00:00"
    tab.clean()


def tick_level(page: Any, level: str) -> None:
    """Tick every item of one level, in every checklist of the page."""
    for sid in SECTIONS:
        toggle = section(page, sid).locator(".sdg-reveal")
        if toggle.get_attribute("aria-expanded") == "false":
            toggle.click()
    for box in page.locator(f'.sdg-check li:has(.sdg-level--{level}) input[type="checkbox"]').all():
        box.check()


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_progress_reaches_the_index_and_round_trips(scheme: str, tabs: Any, tmp_path: Path) -> None:
    tab = tabs(scheme, accept_downloads=True)
    tab.context.clock.set_fixed_time(dt.datetime(2026, 11, 30, 12, 0))
    page = tab.open(problem_path(SLUG))
    practise(page)
    finish = page.locator(".sdg-finish")
    assert "not yet mid-level" in finish.locator(".sdg-finish__level").inner_text()
    tick_level(page, "mid")
    assert "Level reached: mid-level" in finish.locator(".sdg-finish__level").inner_text()
    scores = finish.locator(".sdg-finish__scores tbody tr").all_inner_texts()
    assert len(scores) == 7 and all(" of " in row for row in scores)
    finish.get_by_role("button", name="Mark as practised").click()
    assert "Practised on 2026-11-30" in finish.get_by_role("status").first.inner_text()
    page.evaluate("SDGStore.set('review.cards', {'chat-system:1': {'due': '2026-12-01'}})")  # another feature's data
    page = tab.open(problem_path(OTHER))
    practise(page)
    page.get_by_role("button", name="Mark to review").first.click()
    page = tab.open("problems/index.html")
    status = page.locator(f'.sdg-status[data-problem="{SLUG}"]')
    assert status.inner_text() == "Practised 2026-11-30, level mid-level"
    assert page.locator(f'.sdg-status[data-problem="{OTHER}"]').inner_text().startswith("To review (marked 2026-11-30)")
    total = page.locator(".sdg-status").count()
    assert page.locator(".sdg-progress__summary").inner_text() == (
        f"Your progress in this browser: 1 practised, 1 to review, 0 in progress, {total - 2} not started (of {total}).")
    page = tab.open("problems/index.html")  # survives a reload
    assert status.inner_text() == "Practised 2026-11-30, level mid-level"
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "study-guide-progress-2026-11-30.json"
    exported = json.loads(saved.read_text(encoding="utf-8"))
    assert exported["data"][f"progress.{SLUG}"]["status"] == "practised"
    assert exported["data"][f"progress.{SLUG}"]["level"] == "mid"
    assert exported["data"]["review.cards"] == {"chat-system:1": {"due": "2026-12-01"}}
    assert "requirements" in exported["data"][f"practice.{SLUG}"]["checks"]
    page.evaluate("localStorage.clear()")
    page = tab.open("problems/index.html")
    assert status.inner_text() == "Not started"
    page.locator("#sdg-import").set_input_files(str(saved))
    page.wait_for_function("document.querySelector('.sdg-progress__message').textContent.startsWith('Imported')")
    assert status.inner_text() == "Practised 2026-11-30, level mid-level"
    assert page.evaluate("SDGStore.get('review.cards')") == {"chat-system:1": {"due": "2026-12-01"}}
    page.locator("#sdg-import").set_input_files(files=[{"name": "x.json", "mimeType": "application/json", "buffer": b'{"a": 1}'}])
    page.wait_for_function("document.querySelector('.sdg-progress__message').textContent.includes('not a study-guide progress export')")
    tab.clean()


PRINT_STATE = """() => ({
  folded: [...document.querySelectorAll('.sdg-answer')].filter(a => !a.checkVisibility()).length,
  closedDetails: [...document.querySelectorAll('details > :not(summary)')].filter(e => !e.checkVisibility()).length,
  controls: [...document.querySelectorAll('.sdg-toolbar, .sdg-prompt, .sdg-check, .sdg-finish, .sdg-timer-chip, .md-header, .md-sidebar, .md-footer')]
      .filter(e => e.checkVisibility()).map(e => e.className),
  tooWide: [...document.querySelectorAll('.md-content *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
      .slice(0, 5).map(e => e.tagName + '.' + e.className),
  unbroken: [...document.querySelectorAll('.mermaid, .md-typeset table, .md-typeset tr')].every(e => getComputedStyle(e).breakInside === 'avoid'),
})"""

PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
# The printable width of each paper at 96 px/in, with the 12 mm side margins of practice.css.
PAPERS = {"A4": round((210 - 24) / 25.4 * 96), "Letter": round((8.5 * 25.4 - 24) / 25.4 * 96)}


@pytest.mark.parametrize("paper", list(PAPERS))
def test_printing_opens_every_answer_and_fits_the_paper(paper: str, tabs: Any) -> None:
    tab = tabs()
    page = tab.open(problem_path(SLUG))
    practise(page)  # folded answers must print anyway
    page.set_viewport_size({"width": PAPERS[paper], "height": 1100})
    page.emulate_media(media="print")
    state = page.evaluate(PRINT_STATE)
    assert state == {"folded": 0, "closedDetails": 0, "controls": [], "tooWide": [], "unbroken": True}
    pdf = page.pdf(format=paper, print_background=True)
    assert len(PDF_PAGE.findall(pdf)) > 1
    tab.clean()


# Everything practice mode adds to a page, for the accessibility check.
OURS = (".sdg-toolbar, .sdg-prompt, .sdg-check, .sdg-finish, .sdg-timer-chip, .sdg-est-tools, .sdg-input, "
        "[data-decision], .figure, .sdg-progress, .sdg-status")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(scheme: str, tabs: Any) -> None:
    """axe on the new controls in each state: study, practice with a conversation, a running timer and open
    answers, the timer's corner copy, the index. (Violations elsewhere on the page are the theme's.)"""
    tab = tabs(color_scheme=scheme)
    page = tab.open(problem_path(SLUG))
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    page.locator(".sdg-input input").first.fill("1x")  # an invalid field shows its message
    found = violations(page, OURS)
    practise(page)
    box = section(page, "requirements").locator(".sdg-dialogue")
    box.locator(".sdg-dialogue__choices input").first.check()
    box.get_by_role("button", name="Ask the interviewer").click()
    page.get_by_role("group", name="Interview timer", exact=True).get_by_role("button", name="Start").click()
    for sid in ("estimation", "wrap-up"):
        section(page, sid).locator(".sdg-reveal").click()
    found += violations(page, OURS)
    page.mouse.wheel(0, 4000)  # the timer's corner copy shows
    page.wait_for_selector(".sdg-timer-chip:not([hidden])")
    found += violations(page, OURS)
    index = tab.open("problems/index.html")
    found += violations(index, OURS)
    assert found == [], "\n".join(found)
    tab.clean()
