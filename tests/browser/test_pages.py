"""What a reader sees: every page of the site, over http and from file://.

For each page: every Mermaid block became an SVG without a Mermaid error, the
console stayed clean, no request left the page's origin, and search finds the
page by a word of its title. One screenshot per page is kept in test-artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import site_pages

from .conftest import ARTIFACTS, Visit

RENDERED = """() => {
  const hosts = [...document.querySelectorAll('div.mermaid')];
  return {
    pending: document.querySelectorAll('pre.mermaid').length,
    svgs: hosts.filter(h => h.shadowRoot && h.shadowRoot.querySelector('svg')).length,
    errors: hosts.filter(h => h.shadowRoot && h.shadowRoot.querySelector('svg[aria-roledescription="error"]')).length,
  };
}"""


def expected_diagrams(html: Path) -> int:
    return len(re.findall(r'<pre\s+class="mermaid">', html.read_text(encoding="utf-8")))


def check_diagrams(seen: Visit, expected: int) -> None:
    page = seen.page
    page.wait_for_function(  # type: ignore[attr-defined]
        "n => document.querySelectorAll('pre.mermaid').length === 0 && "
        "[...document.querySelectorAll('div.mermaid')].filter(h => h.shadowRoot && h.shadowRoot.querySelector('svg')).length >= n",
        arg=expected, timeout=20000,
    )
    state = page.evaluate(RENDERED)  # type: ignore[attr-defined]
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
