"""Finding your way: search, the section clock on problem pages, the 404 page.

- Search indexes prose and tables but not diagram source: Mermaid's own words
  and words that appear only in diagram labels find nothing; a word found only
  in a table finds its page.
- On a problem page a bar under the header names the section being read, as a
  slot of the interview clock, at both widths; it takes no room in the page.
- The 404 page of a site published under a sub-path (a GitHub Pages project
  site) loads its styles from that sub-path, at any depth.
"""

from __future__ import annotations

import functools
import html
import json
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import mkdocs_build, problem_slugs

from .conftest import Visit

SEPARATOR = re.compile(r"[\s\-]+")  # Material's default search separator
MERMAID_WORDS = ["autonumber", "flowchart", "sequencediagram"]


def tokens(markup: str) -> set[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup)).lower()
    return {t.strip(".,:;()[]{}\"'") for t in SEPARATOR.split(text)} - {""}


def article(page: Path) -> str:
    found = re.search(r"<article.*?</article>", page.read_text(encoding="utf-8"), re.S)
    return found.group(0) if found else ""


def index_tokens(site: Path) -> set[str]:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return set().union(*(tokens(d["title"] + " " + d["text"]) for d in docs))


def diagram_only_words(site: Path) -> list[str]:
    """Mermaid keywords and label words that no indexed word starts with (the search box adds a wildcard)."""
    labels: set[str] = set()
    for page in site.rglob("*.html"):
        for source in re.findall(r'<pre class="mermaid"[^>]*><code>(.*?)</code></pre>', page.read_text(encoding="utf-8"), re.S):
            for label in re.findall(r'label: "([^"]*)"|\|"([^"]*)"\||->>[^:\n]*: (.*)| as (.*)', html.unescape(source)):
                labels |= {t for t in tokens(" ".join(label)) if re.fullmatch(r"[a-z]{4,}", t)}
    indexed = index_tokens(site)
    return MERMAID_WORDS + sorted(w for w in labels if not any(t.startswith(w) for t in indexed))


def table_only_word(site: Path, pages: list[str]) -> tuple[str, str]:
    """A word that appears in a table of one of `pages` and nowhere else in the site's text, with its page."""
    texts = {p.relative_to(site).as_posix(): re.sub(r'<pre class="mermaid".*?</pre>', " ", article(p), flags=re.S)
             for p in site.rglob("*.html")}
    for page in pages:
        elsewhere = set().union(*(tokens(t) for name, t in texts.items() if name != page))
        elsewhere |= tokens(re.sub(r"<table.*?</table>", " ", texts[page], flags=re.S))
        in_tables = tokens(" ".join(re.findall(r"<table.*?</table>", texts[page], re.S)))
        words = sorted((w for w in in_tables - elsewhere if re.fullmatch(r"[a-z]{7,}", w)), key=lambda w: (-len(w), w))
        if words:
            return words[0], page
    raise AssertionError(f"no word found only in a table of {pages}")


def search(page: object, word: str) -> None:
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.click()
    box.fill("")
    box.press_sequentially(word, delay=20)


def test_search_finds_prose_and_tables_not_diagram_source(built_site: Path, http_site: str, visit: object) -> None:
    chat = "problems/chat-system.html"
    seen: Visit = visit(f"{http_site}/{chat}", http_site)  # type: ignore[operator]
    page = seen.page
    meta = page.locator(".md-search-result__meta")  # type: ignore[attr-defined]
    for word in diagram_only_words(built_site):
        search(page, word)
        page.wait_for_function("() => /No matching/.test(document.querySelector('.md-search-result__meta').textContent)", timeout=15000)  # type: ignore[attr-defined]
        assert page.locator(".md-search-result__item").count() == 0, word  # type: ignore[attr-defined]
    word, where = table_only_word(built_site, [f"problems/{slug}.html" for slug in problem_slugs()])
    search(page, word)
    page.locator(f".md-search-result__item a[href*='{where.split('/')[-1]}']").first.wait_for(timeout=15000)  # type: ignore[attr-defined]
    search(page, "websocket")
    page.locator(f".md-search-result__item a[href*='{chat}']").first.wait_for(timeout=15000)  # type: ignore[attr-defined]
    assert "No matching" not in meta.inner_text()
    assert seen.errors == []


CLOCK = """() => {
  const holder = document.querySelector('.section-clock');
  if (!holder) return null;
  const current = holder.querySelector('a[aria-current]');
  return {
    shown: holder.classList.contains('section-clock--shown') && getComputedStyle(holder.firstElementChild).visibility === 'visible',
    height: holder.offsetHeight,
    current: current ? current.getAttribute('href') : null,
    now: holder.querySelector('.section-clock__now').textContent,
    bottom: holder.firstElementChild.getBoundingClientRect().bottom,
  };
}"""
TO_HEADING = "id => window.scrollTo(0, document.getElementById(id).getBoundingClientRect().top + scrollY - 52)"  # just under the header
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("slug", problem_slugs())
def test_section_clock_names_the_section_being_read(slug: str, width: int, http_site: str, visit: object) -> None:
    seen: Visit = visit(f"{http_site}/problems/{slug}.html", http_site, width)  # type: ignore[operator]
    page = seen.page
    sections = page.evaluate("() => [...document.querySelectorAll('article h2[id]')].map(h => [h.id, h.firstChild.textContent.trim()])"  # type: ignore[attr-defined]
                             ".filter(([, title]) => /^[1-7]\\. /.test(title))")
    assert len(sections) == 7  # the seven numbered sections; the levels, pacing and cut headings have no slot
    assert page.evaluate(CLOCK) is None, "the clock is built on the first scroll, not at load"  # type: ignore[attr-defined]
    for ident, title in sections:
        page.evaluate(TO_HEADING, ident)  # type: ignore[attr-defined]
        page.evaluate(NEXT_FRAME)  # type: ignore[attr-defined]
        # the bar fades in over 150 ms: its visibility turns visible once that transition has started
        page.wait_for_function(f"() => {{ const c = ({CLOCK})(); return c && c.current === '#{ident}' && c.shown; }}", timeout=3000)  # type: ignore[attr-defined]
        clock = page.evaluate(CLOCK)  # type: ignore[attr-defined]
        assert clock["shown"] and clock["height"] == 0, (ident, clock)
        assert clock["current"] == f"#{ident}" and title in clock["now"] and "minutes" in clock["now"], clock
    target = sections[2][0]
    page.locator(f".section-clock a[href='#{target}']").click()  # type: ignore[attr-defined]
    page.evaluate(NEXT_FRAME)  # type: ignore[attr-defined]
    top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)  # type: ignore[attr-defined]
    clock = page.evaluate(CLOCK)  # type: ignore[attr-defined]
    assert clock["shown"] and top >= clock["bottom"], "a section opened from the clock is hidden under it"
    assert seen.errors == []


class SubPathHandler(SimpleHTTPRequestHandler):
    """GitHub Pages for a project site: the site lives under /guide/; a missing page gets 404.html."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        if not self.path.startswith("/guide/"):
            self.send_error(404)
            return None
        self.path = self.path.removeprefix("/guide")
        target = Path(self.translate_path(self.path))
        if target.is_file() or (target / "index.html").is_file():
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@pytest.fixture(scope="module")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    dest = tmp_path_factory.mktemp("project-site")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", "https://example.github.io/guide/")  # as the deploy workflow sets it
        result = mkdocs_build(dest)
    assert result.returncode == 0, result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(dest)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("missing", ["/guide/no-such-page.html", "/guide/problems/deep/er/missing"])
def test_404_page_under_a_sub_path_loads_its_styles(missing: str, project_site: str, browser: object) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and r.url != project_site + missing else None)
    response = page.goto(project_site + missing, wait_until="load")
    assert response.status == 404
    sheets = page.evaluate("() => [...document.styleSheets].filter(s => s.href).map(s => [s.href, s.cssRules.length])")
    assert sheets and all(rules > 0 for _, rules in sheets), sheets
    assert all(href.startswith(project_site + "/guide/") for href, _ in sheets), sheets
    header = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header == "rgb(64, 81, 181)", "the header is unstyled"  # Material's indigo, #4051b5
    assert failed == []
    context.close()
