"""Hostile text in a real browser: tags, pipes, quotes and Mermaid arrows stay text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from .test_pages import check_diagrams, expected_diagrams

FIXTURE = ROOT / "tests" / "fixtures" / "golden" / "problems"
TITLE = 'Design a <script>alert("x")</script> cache | with "quotes" --> [brackets] and `ticks`'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("hostile")
    result = mkdocs_build(dest, FIXTURE)
    assert result.returncode == 0, result.stderr
    return dest


# The only scripts in a problem page's article are practice mode's: its data (JSON, never run),
# the line that applies the stored mode before the first paint, and its files under js/.
OUR_SCRIPTS = ["inline:mode", "application/json#sdg-problem", "../js/store.js", "../js/estimates.js",
               "../js/practice.js", "../js/dialogue.js", "../js/timer.js", "../js/render-later.js"]


def article_scripts(page: object) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('article script')].map(s =>
        s.type === 'application/json' ? 'application/json#' + s.id
        : s.getAttribute('src') || (s.textContent.includes('sdg.mode') && s.textContent.length < 200 ? 'inline:mode' : s.textContent))""")  # type: ignore[attr-defined, no-any-return]


def test_hostile_text_renders_as_text(hostile_site: Path, visit: object) -> None:
    origin = hostile_site.as_uri()
    seen = visit(f"{origin}/problems/tricky-cache.html", origin)  # type: ignore[operator]
    dialogs: list[str] = []
    seen.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    check_diagrams(seen, expected_diagrams(hostile_site / "problems" / "tricky-cache.html"))
    page = seen.page
    assert page.locator("h1").first.inner_text().removesuffix("¶") == TITLE
    assert article_scripts(page) == OUR_SCRIPTS
    data = page.evaluate("JSON.parse(document.getElementById('sdg-problem').textContent)")
    assert data["title"] == TITLE  # the page's JSON holds the title intact, and did not close its element
    table = page.locator("table").filter(has_text="Higher | two writes")
    assert table.locator("tbody tr").first.locator("td").count() == 3
    labels = page.evaluate("""() => [...document.querySelectorAll('figure.diagram .diagram__canvas')]
        .map(c => c.shadowRoot.textContent).join(' ')""")
    assert 'Cache "node" --> (primary)' in labels
    assert "Slow store [SQL]" in labels
    assert "GET | PUT" in labels
    assert dialogs == [] and seen.errors == [] and seen.foreign == []
