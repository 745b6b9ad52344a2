"""An injection corpus in every text field of a problem, checked in Chromium.

Each payload becomes one problem: the golden fixture with the payload written into every
text field it has (ids, references, numbers and units stay as they are; an option and the
choice naming it change together, so the file stays valid). One strict build holds them
all. On every page that shows problem text: the sentinel global that a payload would set
is never set, no dialog opens, the console stays clean, every diagram renders, every
table row keeps its header's column count, and the title reads exactly as typed.
SDG_FUZZ_FULL=1 also searches for every payload and repeats the visits from file://.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, mkdocs_build

from .conftest import Visit, serve
from .test_hostile import OUR_SCRIPTS, article_scripts
from .test_pages import check_diagrams, expected_diagrams

FIXTURE = ROOT / "tests" / "fixtures" / "golden" / "problems" / "tricky-cache.yaml"
FULL = os.environ.get("SDG_FUZZ_FULL") == "1"
SENTINEL = "__sdg_pwned"
PAYLOADS = [
    "<script>window.__sdg_pwned=1</script>",
    '<img src=x onerror="window.__sdg_pwned=2">',
    '"><svg/onload=window.__sdg_pwned=3>',
    "&lt;/title&gt;&lt;script&gt;window.__sdg_pwned=4&lt;/script&gt;",
    "&#60;img src=x onerror=window.__sdg_pwned=5&#62;",
    '</code></pre><iframe srcdoc="<script>parent.__sdg_pwned=6</script>"></iframe>',
    "[link](javascript:window.__sdg_pwned=7) <javascript:window.__sdg_pwned=7>",
    '{: onmouseover="window.__sdg_pwned=8" } *x*{: onclick="window.__sdg_pwned=8" }',
    '"]; click c_client call window.__sdg_pwned(9); click c_end href "javascript:window.__sdg_pwned=9" %%',
    '%%{init: {"securityLevel": "loose"}}%% style c_end fill:#f00; classDef x fill:red; linkStyle 0 stroke:red;',
    "<!-- include: reference/latency --> | a | b | c |",
    "`code` **bold** ~~del~~ ^sup^ $math$ # hash - dash 1. one > quote",
    "\u2028line\u2029separators \u202eright-to-left\u202c zero\u200bwidth ünïcödé 中文 🙂",
    "{{ 7*7 }} {% raw %} ${window.__sdg_pwned=14} #{1}",
    "<details open ontoggle=window.__sdg_pwned=15><summary>x</summary></details>",
    '<a href="javascript:window.__sdg_pwned=16">x</a> <style>body{display:none}</style>',
    '\\"; window.__sdg_pwned=17; //',
    "</script><script>window.__sdg_pwned=18</script>",
]
NOT_TEXT = {"slug", "id", "difficulty", "kind", "method", "role", "cites", "serves", "adds", "from", "to",
            "store", "component", "value", "unit", "formula", "async", "reply", "direction", "mermaid",
            # model v2: choices from a fixed list, ids, and the threshold's input and value
            "quality", "grade", "scope", "side", "decided_by", "protects", "at", "input"}
CODE = {"request", "response", "payload"}
STATE_DIAGRAM = "stateDiagram-v2\n    [*] --> Pending\n    Pending --> Sent: deliver\n    Sent --> Read: open\n    Read --> Kept{number}: kept<br>for good\n    Kept{number} --> [*]\n"
COLUMNS = """() => [...document.querySelectorAll('article table')].map(t => {
  const head = t.querySelectorAll('thead th').length;
  return [...t.querySelectorAll('tbody tr')].every(r => r.querySelectorAll('td, th').length === head) ? null : t.innerText.slice(0, 80);
}).filter(Boolean)"""


INDEX_SCRIPTS = ["../js/store.js", "../js/progress.js"]  # the problems index shows the reader's progress


def marker(number: int) -> str:
    """A word that search can find, unique to one payload."""
    return f"zq{number}k"


def inject(node: Any, payload: str, number: int, key: str = "", counts: dict[str, int] | None = None) -> Any:
    """`node` with the payload in every text field; counts[field path] for each field written."""
    if isinstance(node, dict):
        return {k: (v if k in NOT_TEXT else inject(v, payload, number, f"{key}.{k}".strip("."), counts)) for k, v in node.items()}
    if isinstance(node, list):
        return [inject(v, payload, number, f"{key}[]", counts) for v in node]
    if not isinstance(node, str):
        return node
    if counts is not None:
        counts[key] = counts.get(key, 0) + 1
    if key.split(".")[-1] in CODE:  # code blocks: the payload on a line of its own, as an include line would be
        return f"{payload}\n{node}"
    return f"{marker(number)} {payload} {node}"


def problem(number: int, payload: str, counts: dict[str, int]) -> dict[str, Any]:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data = inject(data, payload, number, counts=counts)
    data["slug"] = f"inj-{number:02d}"
    data["architecture"]["extra_diagrams"] = [{"title": f"{marker(number)} {payload} states", "mermaid": STATE_DIAGRAM.format(number=number)}]
    return data  # type: ignore[no-any-return]


def text_fields() -> dict[str, int]:
    counts: dict[str, int] = {}
    problem(0, "x", counts)
    return counts


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("injected-problems")
    for number, payload in enumerate(PAYLOADS, start=1):
        text = yaml.safe_dump(problem(number, payload, {}), allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"inj-{number:02d}.yaml").write_text(text, encoding="utf-8")
    dest = tmp_path_factory.mktemp("injected-site")
    result = mkdocs_build(dest, folder)
    assert result.returncode == 0, result.stderr
    yield dest


@pytest.fixture(scope="module")
def injected_http(injected_site: Path) -> Iterator[str]:
    server, base = serve(injected_site)
    yield base
    server.shutdown()


def labels(number: int) -> list[str]:
    """Component names and trace actions of one injected problem: text that reaches Mermaid."""
    data = problem(number, PAYLOADS[number - 1], {})
    arch = data["architecture"]
    return [c["name"] for c in arch["components"]] + [s["action"] for t in arch["traces"] for s in t["steps"]]


def title_of(number: int) -> str:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    return " ".join(f"{marker(number)} {PAYLOADS[number - 1]} {data['title']}".split())


def check_page(seen: Visit, site: Path, path: str) -> None:
    page: Any = seen.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    check_diagrams(seen, expected_diagrams(site / path))
    page.wait_for_timeout(200)
    assert page.evaluate(f"() => window.{SENTINEL}") is None, f"{path}: a payload ran"
    assert page.evaluate("() => document.querySelectorAll('iframe, [onerror], [onload], [onclick]').length") == 0
    scripts = article_scripts(page)
    ours = OUR_SCRIPTS if "/inj-" in path else INDEX_SCRIPTS if path == "problems/index.html" else []
    assert scripts == ours, f"{path}: scripts other than practice mode's: {scripts}"
    assert page.evaluate(COLUMNS) == [], f"{path}: a table lost its columns"
    assert dialogs == [] and seen.errors == [] and seen.foreign == []


def test_corpus_covers_every_text_field() -> None:
    fields = text_fields()
    assert len(fields) >= 40, sorted(fields)
    for must in ("title", "summary", "focus[]", "architecture.components[].name", "architecture.stages[].flows[].label",
                 "architecture.traces[].steps[].action", "tradeoffs[].options[]", "tradeoffs[].choice",
                 "tradeoffs[].dimensions[].values[]", "api.endpoints[].response", "deep_dives.dives[].approaches[].name"):
        assert must in fields, must


@pytest.mark.parametrize("number", range(1, len(PAYLOADS) + 1))
def test_payload_stays_text(number: int, injected_site: Path, injected_http: str, visit: Any) -> None:
    origins = [injected_http] + ([injected_site.as_uri()] if FULL else [])
    path = f"problems/inj-{number:02d}.html"
    for origin in origins:
        seen: Visit = visit(f"{origin}/{path}", origin)
        check_page(seen, injected_site, path)
        page: Any = seen.page
        assert " ".join(page.locator("h1").first.inner_text().removesuffix("¶").split()) == title_of(number)
        assert " ".join(page.title().split()).startswith(title_of(number))
        # navigation.prune: a problem page's navigation holds its own difficulty group, with this title as text
        nav = page.evaluate("() => document.querySelector('nav.md-nav--primary').textContent")
        assert title_of(number) in " ".join(nav.split()), "the navigation lost a title"
        html = (injected_site / path).read_text(encoding="utf-8")
        assert "If the fastest took 1 s" not in html, "an include line in problem text was expanded"
        level = page.evaluate("() => window.mermaid.mermaidAPI.getConfig().securityLevel")
        assert level == "strict", f"Mermaid runs with securityLevel {level!r}"
        states = page.evaluate("() => [...document.querySelectorAll('figure.diagram .diagram__canvas')].map(c => c.shadowRoot.textContent).join(' ')")
        assert all(word in states for word in ("Pending", "Sent", "Read", "deliver", f"Kept{number}", "for good")), \
            "the raw state diagram did not render"
        assert "<br>" not in states, "a <br> in raw Mermaid should become a line break"
        squeezed = "".join(states.split())
        for name in labels(number):  # labels read exactly as typed: no entity eaten, no statement injected
            assert "".join(name.split()) in squeezed, f"diagram label changed: {name!r}"
        if FULL or number % 3 == 1:
            search(page, marker(number), path)
            assert page.evaluate(f"() => window.{SENTINEL}") is None, f"search results for {marker(number)} ran a payload"


@pytest.mark.parametrize("path", ["index.html", "problems/index.html", "problems/focus.html", "components/index.html",
                                  "components/cache.html", "components/database.html", "components/client.html",
                                  "learn/framework.html"])
def test_pages_listing_problems_stay_text(path: str, injected_site: Path, injected_http: str, visit: Any) -> None:
    origin = injected_http
    seen: Visit = visit(f"{origin}/{path}", origin)
    check_page(seen, injected_site, path)


def search(page: Any, word: str, href: str) -> None:
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(word, delay=20)
    page.locator(f".md-search-result__item a[href*='{href}']").first.wait_for(timeout=15000)
    page.wait_for_timeout(200)
