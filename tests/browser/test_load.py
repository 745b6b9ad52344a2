"""A problem page holds still while it loads, on a slow phone.

Chromium at phone size with its CPU slowed four times (Lighthouse's mobile setting):
nothing already painted moves when the scripts run. The practice toolbar is in the
page from the first paint and practice mode's furniture is built only on the first
switch to practice, so the layout shift score stays at 0, not the 0.088 a script-built
toolbar gave (Lighthouse's "good" ends at 0.1).

The answers' blocks below the first screen skip rendering at load (content-visibility)
and render-later.js renders them after it, so the first styling and layout cover what
is on screen; once rendered, a link into a late answer still lands on its heading.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import laid_out

PAGES = ["problems/chat-system.html", "problems/paste-bin.html", "problems/ride-sharing.html"]
SHIFTS = """new PerformanceObserver(list => list.getEntries().forEach(e => {
  if (!e.hadRecentInput) (window.__shifts = window.__shifts || []).push(
    [e.value, e.sources.map(s => s.node && s.node.nodeType === 1 ? s.node.className : String(s.node && s.node.nodeName))]);
})).observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize("path", PAGES)
def test_a_problem_page_does_not_shift_while_it_loads(path: str, http_site: str, browser: object) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.add_init_script(SHIFTS)
        page.goto(f"{http_site}/{path}", wait_until="load")
        page.wait_for_selector(".sdg-toolbar--ready")
        page.wait_for_timeout(1500)  # the bundle's and our scripts' work after load
        shifts = page.evaluate("window.__shifts || []")
        assert sum(value for value, _ in shifts) < 0.01, shifts
    finally:
        context.close()


SKIPPED = """() => [...document.querySelectorAll('.sdg-answer > *')].map(block =>
  block.classList.contains('sdg-rendered') ? 'rendered' : block.textContent.trim() && !block.innerText ? 'skipped' : 'shown')"""
# A block whose rendering is skipped has no layout, so no innerText, though it holds text.


def test_answers_below_the_screen_render_after_the_load(http_site: str, browser: object) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.add_init_script(f"addEventListener('load', () => {{ window.__atLoad = ({SKIPPED})(); }})")
        page.goto(f"{http_site}/problems/chat-system.html", wait_until="load")
        at_load = page.evaluate("window.__atLoad")
        assert at_load.count("skipped") > 0.8 * len(at_load), at_load  # the first screen holds a few blocks
        assert "rendered" not in at_load
        laid_out(page)
        assert set(page.evaluate(SKIPPED)) == {"rendered"}
    finally:
        context.close()


def test_a_link_into_a_late_answer_lands_on_its_heading(http_site: str, built_site: Path, browser: object) -> None:
    html = (built_site / "problems" / "chat-system.html").read_text(encoding="utf-8")
    target = re.findall(r'<h3 id="([^"]+)"', html)[-1]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(f"{http_site}/problems/chat-system.html#{target}", wait_until="load")
        laid_out(page)
        top = page.evaluate(f"document.getElementById('{target}').getBoundingClientRect().top")
        assert 0 <= top < 150, (target, top)
    finally:
        context.close()
