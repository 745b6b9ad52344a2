"""Real-browser fixtures: Debian's Chromium driven by Playwright, a loopback HTTP server.

Diagrams are drawn by docs/js/diagrams.js into open shadow roots, so the tests
look inside `figure.diagram .diagram__canvas` for the SVG.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--allow-file-access-from-files"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def http_site(built_site: Path) -> Iterator[str]:
    server, base = serve(built_site)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found: install Debian's chromium package (apt-get install chromium)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Visit:
    """What one page load did: errors, every request, requests that left the page's origin."""

    page: object
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def allowed(url: str, origin: str) -> bool:
    if origin.startswith("file:"):
        return url.startswith(("file:", "data:", "blob:", "about:"))
    return url.startswith((origin + "/", "data:", "blob:", "about:"))


# render-later.js renders a problem page's answer blocks after the load, a few per frame;
# until then a block below the screen has no layout (and no innerText).
ALL_LAID_OUT = "() => !document.querySelector('.sdg-answer > :not(.sdg-rendered)')"


def laid_out(page: object) -> None:
    """Wait until every answer block is rendered: page heights and texts are final from then on."""
    page.wait_for_function(ALL_LAID_OUT, timeout=10000)  # type: ignore[attr-defined]
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")  # type: ignore[attr-defined]


@pytest.fixture
def visit(browser: object) -> Iterator[object]:
    contexts = []

    def open_page(url: str, origin: str, width: int = 1280, scheme: str = "light") -> Visit:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)  # type: ignore[attr-defined]
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        page.on("console", lambda m: seen.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(f"pageerror: {e}"))

        def route(r: object) -> None:
            request_url = r.request.url  # type: ignore[attr-defined]
            seen.requests.append(request_url)
            if allowed(request_url, origin):
                r.continue_()  # type: ignore[attr-defined]
            else:
                seen.foreign.append(request_url)
                r.abort()  # type: ignore[attr-defined]

        context.route("**/*", route)
        page.goto(url, wait_until="load")
        laid_out(page)
        return seen

    yield open_page
    for context in contexts:
        context.close()
