"""What a reader sees: every page of the site, over http and from file://.

For each page: every Mermaid block became an SVG without a Mermaid error once
a reader scrolled to it, the console stayed clean, no request left the page's
origin, and search finds the page by a word of its title. One screenshot per
page is kept in test-artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import site_pages

from .conftest import ARTIFACTS, Visit

RENDERED = """() => {
  const canvases = [...document.querySelectorAll('figure.diagram .diagram__canvas')];
  return {
    pending: document.querySelectorAll('pre.mermaid').length,
    svgs: canvases.filter(c => c.shadowRoot && c.shadowRoot.querySelector('svg')).length,
    errors: canvases.filter(c => !c.shadowRoot || c.shadowRoot.querySelector('svg[aria-roledescription="error"]')).length,
  };
}"""
SETTLED = "f => f.dataset.state === 'drawn' || f.dataset.state === 'failed'"


def expected_diagrams(html: Path) -> int:
    return len(re.findall(r'<pre\s+class="mermaid"', html.read_text(encoding="utf-8")))


def draw_all(page: object) -> None:
    """Scroll to each diagram as a reader would, and wait until every one is drawn."""
    figures = page.locator("figure.diagram")  # type: ignore[attr-defined]
    for i in range(figures.count()):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        page.wait_for_function(SETTLED, arg=figure.element_handle(), timeout=20000)  # type: ignore[attr-defined]


def check_diagrams(seen: Visit, expected: int) -> None:
    draw_all(seen.page)
    state = seen.page.evaluate(RENDERED)  # type: ignore[attr-defined]
    assert state == {"pending": 0, "svgs": expected, "errors": 0}


def check_search(seen: Visit, title: str, href: str) -> None:
    page = seen.page
    words = re.findall(r"[A-Za-z]{3,}", title)
    word = max(words, key=lambda w: (w.lower() != "design", len(w)))
    page.locator("input.md-search__input").click()  # type: ignore[attr-defined]
    page.locator("input.md-search__input").press_sequentially(word, delay=20)  # type: ignore[attr-defined]
    results = page.locator(f".md-search-result__item a[href*='{href}']")  # type: ignore[attr-defined]
    results.first.wait_for(timeout=15000)


PAGES = site_pages()


@pytest.mark.parametrize("scheme", ["http", "file"])
@pytest.mark.parametrize("path", PAGES)
def test_page_renders(scheme: str, path: str, built_site: Path, http_site: str, visit: object) -> None:
    origin = http_site if scheme == "http" else built_site.as_uri()
    seen: Visit = visit(f"{origin}/{path}", origin)  # type: ignore[operator]
    expected = expected_diagrams(built_site / path)
    if path.startswith("problems/") and path not in ("problems/index.html", "problems/focus.html", "problems/tradeoffs.html"):
        assert expected >= 3, "a problem page has a legend, stage diagrams and a trace"
    check_diagrams(seen, expected)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{Path(path).stem}-{scheme}.jpg"
    seen.page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=60)  # type: ignore[attr-defined]
    page_title = seen.page.locator("h1").first.inner_text().removesuffix("¶")  # type: ignore[attr-defined]
    check_search(seen, page_title, path)
    assert seen.errors == []
    assert seen.foreign == []
