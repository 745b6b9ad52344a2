"""Reading on any screen: every page at 1280 px and at 390 px, light and dark.

For each page and palette, with every diagram drawn: no serious or critical
axe-core violation (desktop and phone); the smallest text of every diagram, as
drawn, is at least 10 px; at 390 px the page never scrolls sideways (tables
reflow into cards; diagrams and code scroll inside their own box); and no
identifier in a table breaks inside a word (a line may end at punctuation, as
in `text/event-` or `timeline:`, never inside `msgs_per_user`).

axe-core is vendored in tests/browser/vendor/ (MPL-2.0; `scripts/refresh_vendor.py`
updates it), so the check needs nothing but the repository and Chromium.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import site_pages

from .conftest import Visit
from .test_pages import draw_all

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
MIN_TEXT_PX = 10

SMALLEST_TEXT = """() => [...document.querySelectorAll('figure.diagram .diagram__canvas')].map(canvas => {
  const svg = canvas.shadowRoot && canvas.shadowRoot.querySelector('svg');
  if (!svg) return null;
  let smallest = Infinity;
  for (const el of svg.querySelectorAll('text, tspan, foreignObject *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim());
    if (!own || !el.getClientRects().length) continue;
    const graphic = el instanceof SVGGraphicsElement ? el : el.closest('foreignObject');
    const m = graphic.getScreenCTM();
    const size = parseFloat(getComputedStyle(el).fontSize) * Math.hypot(m.a, m.b);
    smallest = Math.min(smallest, size);
  }
  return Math.round(smallest * 10) / 10;
})"""

SIDEWAYS = """() => ({
  page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  tables: [...document.querySelectorAll('.md-typeset__scrollwrap')]
    .filter(w => w.scrollWidth > w.clientWidth + 1)
    .map(w => w.querySelector('th') ? w.querySelector('th').textContent.trim() : '?'),
})"""

BROKEN_WORDS = """() => {
  const broken = [];
  for (const code of document.querySelectorAll('article td code, article th code')) {
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      for (const word of text.data.matchAll(/[A-Za-z0-9_]+/g)) {  // a run of identifier characters
        const range = document.createRange();
        range.setStart(text, word.index);
        range.setEnd(text, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
}"""

SETTLED_LAYOUT = "() => document.getAnimations().every(a => a.playState !== 'running')"


def axe_violations(page: object, where: str) -> list[str]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):  # type: ignore[attr-defined]
        page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    return [f"{where}: axe {v}" for v in page.evaluate(AXE_RUN)]  # type: ignore[attr-defined]


def small_diagram_text(page: object, where: str) -> list[str]:
    sizes = page.evaluate(SMALLEST_TEXT)  # type: ignore[attr-defined]
    return [f"{where}: diagram {i + 1} has {size} px text" for i, size in enumerate(sizes)
            if size is None or size < MIN_TEXT_PX]


def sideways(page: object) -> list[str]:
    state = page.evaluate(SIDEWAYS)  # type: ignore[attr-defined]
    out = [f"phone: page scrolls {state['page']} px sideways"] if state["page"] > 0 else []
    return out + [f"phone: table '{t}' scrolls sideways instead of reflowing" for t in state["tables"]]


def broken_identifiers(page: object, where: str) -> list[str]:
    return [f"{where}: '{word}' breaks across lines" for word in page.evaluate(BROKEN_WORDS)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", site_pages())
def test_reads_on_desktop_and_phone(path: str, scheme: str, http_site: str, visit: object) -> None:
    seen: Visit = visit(f"{http_site}/{path}", http_site, 1280, scheme)  # type: ignore[operator]
    page = seen.page
    draw_all(page)
    problems = small_diagram_text(page, "desktop") + broken_identifiers(page, "desktop") + axe_violations(page, "desktop")
    page.set_viewport_size(PHONE)  # type: ignore[attr-defined]
    page.wait_for_function(SETTLED_LAYOUT)  # type: ignore[attr-defined]
    problems += sideways(page) + small_diagram_text(page, "phone") + broken_identifiers(page, "phone")
    problems += axe_violations(page, "phone")
    assert problems == []
    assert seen.errors == [] and seen.foreign == []
