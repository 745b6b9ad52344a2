"""A problem page holds still while it loads, on a slow phone.

Chromium at phone size with its CPU slowed four times (Lighthouse's mobile setting):
nothing already painted moves when the scripts run. The practice toolbar is in the
page from the first paint and practice mode's furniture is built only on the first
switch to practice, so the layout shift score stays at 0, not the 0.088 a script-built
toolbar gave (Lighthouse's "good" ends at 0.1).
"""

from __future__ import annotations

import pytest

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
