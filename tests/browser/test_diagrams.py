"""Diagrams as a reader meets them: loaded late, drawn in place, full screen, in colour, on paper.

- Mermaid (3.5 MB) loads only when a diagram nears the screen, never on a page
  without diagrams, and never from a CDN; each diagram keeps its space while
  waiting, so drawing it shifts nothing.
- The full-screen view opens from the keyboard, zooms, and closes with Escape,
  over http and from file://.
- Material's palette toggle restyles drawn diagrams at once, and every element
  keeps readable contrast in both palettes.
- Printing draws every diagram first.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import Visit, laid_out
from .test_pages import SETTLED, draw_all

CHAT = "problems/chat-system.html"
NO_DIAGRAMS = "learn/framework.html"
STATES = "() => [...document.querySelectorAll('figure.diagram')].map(f => f.dataset.state)"


def origin_of(scheme: str, built_site: Path, http_site: str) -> str:
    return http_site if scheme == "http" else built_site.as_uri()


def fetched(seen: Visit, name: str) -> bool:
    return any(url.split("?")[0].endswith("/" + name) for url in seen.requests)


def test_mermaid_loads_only_near_a_diagram(http_site: str, visit: object) -> None:
    seen: Visit = visit(f"{http_site}/{CHAT}", http_site)  # type: ignore[operator]
    page = seen.page
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    assert fetched(seen, "diagrams.js")
    assert not fetched(seen, "mermaid.min.js"), "Mermaid loaded before any diagram was near the screen"
    assert set(page.evaluate(STATES)) == {"waiting"}  # type: ignore[attr-defined]
    first = page.locator("figure.diagram").first  # type: ignore[attr-defined]
    first.scroll_into_view_if_needed()
    page.wait_for_function(SETTLED, arg=first.element_handle(), timeout=20000)  # type: ignore[attr-defined]
    assert fetched(seen, "mermaid.min.js")
    assert "waiting" in page.evaluate(STATES), "diagrams far from the screen were drawn too"  # type: ignore[attr-defined]
    assert seen.errors == [] and seen.foreign == []


def test_page_without_diagrams_never_loads_mermaid(http_site: str, built_site: Path, visit: object) -> None:
    assert "diagrams.js" not in (built_site / NO_DIAGRAMS).read_text(encoding="utf-8")
    seen: Visit = visit(f"{http_site}/{NO_DIAGRAMS}", http_site)  # type: ignore[operator]
    seen.page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")  # type: ignore[attr-defined]
    seen.page.wait_for_timeout(300)  # type: ignore[attr-defined]
    assert not fetched(seen, "diagrams.js") and not fetched(seen, "mermaid.min.js")
    assert seen.errors == [] and seen.foreign == []


RESERVED = "() => [...document.querySelectorAll('figure.diagram')].map(f => Math.round(f.getBoundingClientRect().height))"


def test_space_is_kept_while_a_diagram_waits(http_site: str, visit: object) -> None:
    """First visit: an estimate from the source; next visit: the drawn height, exactly."""
    seen: Visit = visit(f"{http_site}/{CHAT}", http_site)  # type: ignore[operator]
    page = seen.page
    estimated = page.evaluate(RESERVED)  # type: ignore[attr-defined]
    assert all(h > 100 for h in estimated), estimated
    draw_all(page)
    drawn = page.evaluate(RESERVED)  # type: ignore[attr-defined]
    assert all(abs(e - d) / d < 0.6 for e, d in zip(estimated, drawn, strict=True)), (estimated, drawn)
    page.reload()  # type: ignore[attr-defined]
    laid_out(page)
    assert page.evaluate(RESERVED) == drawn  # type: ignore[attr-defined]


CLS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 200);
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_reading_down_the_page_shifts_nothing(width: int, http_site: str, visit: object) -> None:
    seen: Visit = visit(f"{http_site}/{CHAT}", http_site, width)  # type: ignore[operator]
    page = seen.page
    height = page.evaluate("document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    for _ in range(0, height, 300):  # a quick skim: 3,000 px a second
        page.mouse.wheel(0, 300)  # type: ignore[attr-defined]
        page.wait_for_timeout(100)  # type: ignore[attr-defined]
    page.wait_for_function("() => [...document.querySelectorAll('figure.diagram')].every(f => f.dataset.state === 'drawn')", timeout=30000)  # type: ignore[attr-defined]
    assert page.evaluate(CLS) < 0.1  # type: ignore[attr-defined]  # 'good' in Core Web Vitals


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_full_screen_view_by_keyboard(scheme: str, built_site: Path, http_site: str, visit: object) -> None:
    origin = origin_of(scheme, built_site, http_site)
    seen: Visit = visit(f"{origin}/{CHAT}", origin)  # type: ignore[operator]
    page = seen.page
    figure = page.locator("figure.diagram").nth(1)  # type: ignore[attr-defined]
    figure.scroll_into_view_if_needed()
    page.wait_for_function(SETTLED, arg=figure.element_handle(), timeout=20000)  # type: ignore[attr-defined]
    button = figure.locator(".diagram__open")
    button.focus()
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    dialog = page.locator("dialog.diagram-viewer")  # type: ignore[attr-defined]
    dialog.wait_for(state="visible", timeout=5000)
    assert page.evaluate("() => !!document.activeElement.closest('dialog[open]')")  # type: ignore[attr-defined]
    assert dialog.get_attribute("aria-labelledby") and "Stage 1" in dialog.locator("h2").inner_text()
    assert page.evaluate("() => !!document.querySelector('.diagram-viewer__canvas').shadowRoot.querySelector('svg')")  # type: ignore[attr-defined]
    before = float(dialog.get_attribute("data-scale") or 0)
    page.keyboard.press("+")  # type: ignore[attr-defined]
    assert float(dialog.get_attribute("data-scale") or 0) > before
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    dialog.wait_for(state="hidden", timeout=5000)
    assert page.evaluate("() => document.activeElement.classList.contains('diagram__open')")  # type: ignore[attr-defined]
    figure.locator(".diagram__scroll").focus()
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    dialog.wait_for(state="visible", timeout=5000)
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    dialog.wait_for(state="hidden", timeout=5000)
    assert seen.errors == [] and seen.foreign == []


COLOURS = """() => {
  const css = (root, selector, prop) => {
    const el = root.querySelector(selector);
    return el ? getComputedStyle(el)[prop] : null;
  };
  const roots = [...document.querySelectorAll('figure.diagram .diagram__canvas')].map(c => c.shadowRoot);
  const flow = roots.find(r => r.querySelector('.flowchart-link'));
  const seq = roots.find(r => r.querySelector('.messageText'));
  const probe = document.querySelector('figure.diagram').appendChild(document.createElement('span'));
  const resolve = name => { probe.style.color = `var(${name})`; return getComputedStyle(probe).color; };
  const colours = {
    page: resolve('--md-default-bg-color'),
    nodeFill: css(flow, '.node rect, .node path, .node polygon', 'fill'),
    nodeText: css(flow, '.nodeLabel', 'color'),
    edge: css(flow, '.flowchart-link', 'stroke'),
    edgeHead: css(flow, 'marker path', 'fill'),
    edgeLabel: css(flow, '.edgeLabel p, .edgeLabel span', 'color'),
    edgeLabelBg: css(flow, '.edgeLabel', 'backgroundColor'),
    actorFill: css(seq, 'rect.actor', 'fill'),
    actorText: css(seq, 'text.actor tspan, text.actor', 'fill'),
    message: css(seq, '.messageText', 'fill'),
    line: css(seq, '.messageLine0', 'stroke'),
    arrowhead: css(seq, '[id$="-arrowhead"] path', 'fill'),
    badge: css(seq, '[id$="-sequencenumber"] circle', 'fill'),
    badgeText: css(seq, '.sequenceNumber', 'fill'),
    noteFill: resolve('--sg-diagram-note-fill'),
    noteText: resolve('--sg-diagram-text'),
  };
  probe.remove();
  return colours;
}"""


def rgb(colour: str) -> tuple[float, float, float]:
    """An opaque `rgb()`/`rgba()` colour as the browser computes it."""
    parts = [float(p) for p in re.findall(r"[\d.]+", colour)]
    assert len(parts) == 3 or parts[3] == 1, f"not an opaque colour: {colour}"
    return (parts[0], parts[1], parts[2])


def luminance(colour: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(rgb(a)), luminance(rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


PAIRS = [  # (foreground, background, minimum ratio): text 4.5:1, lines and shapes 3:1
    ("nodeText", "nodeFill", 4.5), ("edge", "page", 3), ("edgeHead", "page", 3),
    ("edgeLabel", "edgeLabelBg", 4.5), ("actorText", "actorFill", 4.5), ("message", "page", 4.5),
    ("line", "page", 3), ("arrowhead", "page", 3), ("badge", "page", 3), ("badgeText", "badge", 4.5),
    ("noteText", "noteFill", 4.5),
]


def readable(colours: dict[str, str]) -> list[str]:
    return [f"{fg} on {bg}: {contrast(colours[fg], colours[bg]):.2f} < {need}"
            for fg, bg, need in PAIRS if contrast(colours[fg], colours[bg]) < need]


def test_palette_toggle_restyles_diagrams_live(http_site: str, visit: object) -> None:
    seen: Visit = visit(f"{http_site}/{CHAT}", http_site, 1280, "light")  # type: ignore[operator]
    page = seen.page
    draw_all(page)
    light = page.evaluate(COLOURS)  # type: ignore[attr-defined]
    assert None not in light.values(), light
    assert readable(light) == []
    page.locator("label[for='__palette_1']").click()  # type: ignore[attr-defined]
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")  # type: ignore[attr-defined]
    dark = page.evaluate(COLOURS)  # type: ignore[attr-defined]
    assert readable(dark) == []
    changed = [k for k in ("nodeFill", "nodeText", "edge", "message", "arrowhead", "badge", "badgeText") if light[k] != dark[k]]
    assert len(changed) == 7, f"not restyled live: {set(light) - set(changed)}"
    assert seen.errors == []


AT_PRINT = """() => window.addEventListener('afterprint', () => {
  window.statesAtPrint = [...document.querySelectorAll('figure.diagram')].map(f => f.dataset.state);
}, {once: true})"""


def test_printing_draws_every_diagram_first(http_site: str, visit: object) -> None:
    """Over http: the print itself (beforeprint) draws what is still waiting, before the printout is laid out.

    `afterprint` comes in the same task as the printout, so a diagram drawn too late would not be drawn yet there.
    """
    seen: Visit = visit(f"{http_site}/{CHAT}", http_site)  # type: ignore[operator]
    page = seen.page
    assert set(page.evaluate(STATES)) == {"waiting"}  # type: ignore[attr-defined]
    page.evaluate(AT_PRINT)  # type: ignore[attr-defined]
    page.pdf()  # type: ignore[attr-defined]
    assert set(page.evaluate("window.statesAtPrint")) == {"drawn"}  # type: ignore[attr-defined]
    assert seen.errors == [] and seen.foreign == []


def test_print_shortcut_draws_every_diagram_from_disk(built_site: Path, visit: object) -> None:
    """From file:// Mermaid cannot load synchronously, so Ctrl+P draws everything, then prints."""
    origin = built_site.as_uri()
    seen: Visit = visit(f"{origin}/{CHAT}", origin)  # type: ignore[operator]
    page = seen.page
    page.evaluate("() => { window.print = () => { window.printedWith = [...document.querySelectorAll('figure.diagram')].map(f => f.dataset.state); }; }")  # type: ignore[attr-defined]
    page.keyboard.press("Control+p")  # type: ignore[attr-defined]
    page.wait_for_function("() => window.printedWith", timeout=30000)  # type: ignore[attr-defined]
    assert set(page.evaluate("window.printedWith")) == {"drawn"}  # type: ignore[attr-defined]
    assert seen.errors == []
