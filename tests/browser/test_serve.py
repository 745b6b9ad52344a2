"""A real `mkdocs serve`: broken saves keep the last good build, and their errors show on the open page.

The problem folder is passed with SDG_EXTRA_PROBLEMS (the hook watches it), so the test
edits a copy of the golden fixture and never touches the repository.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "golden" / "problems" / "tricky-cache.yaml"
PAGE = "problems/tricky-cache.html"
BROKEN = ("difficulty: warm-up", "difficulty: easy")
ERROR_WHERE = "tricky-cache.yaml:5:1"
ERROR_MESSAGE = "difficulty: expected one of: ('warm-up', 'core', 'advanced') but received: 'easy'"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float = 30) -> tuple[int, str]:
    """Status and body. The server holds requests while a rebuild runs; between rebuilds a
    timeout here is the hang this test exists to catch (the bound is generous for loaded machines)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def wait_for(check: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:  # a request held during a rebuild, or the server still starting
            pass
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}")


def status(base: str) -> dict[str, object]:
    code, body = fetch(f"{base}/sdg-build-status.json")
    return json.loads(body) if code == 200 else {}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    problems = tmp_path / "problems"
    problems.mkdir()
    source = problems / "tricky-cache.yaml"
    source.write_text(FIXTURE.read_text(encoding="utf-8").replace(*BROKEN), encoding="utf-8")  # starts broken
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SDG_EXTRA_PROBLEMS": str(problems)}
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(ROOT / "mkdocs.yml"),
                                    "-a", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: process.poll() is None and _up(base), f"the server to start (log: {log.read_text()[-2000:]})")
        yield base, source, log
    finally:
        process.send_signal(signal.SIGINT)  # lets mkdocs remove its temporary site folder
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _up(base: str) -> bool:
    return fetch(f"{base}/index.html")[0] == 200


def test_broken_saves_keep_the_last_good_build(server: tuple[str, Path, Path], visit: object) -> None:
    base, source, log = server
    good = FIXTURE.read_text(encoding="utf-8")

    # First build with a broken file: the server starts anyway, without that page, and says why.
    assert fetch(f"{base}/{PAGE}")[0] == 404
    first = status(base)
    assert first["shown"] == "left out"
    assert any(e["where"].endswith(ERROR_WHERE) and e["code"] == "SDG106" for e in first["errors"])  # type: ignore[attr-defined,index]

    # Fixed: the page appears.
    source.write_text(good, encoding="utf-8")
    wait_for(lambda: fetch(f"{base}/{PAGE}")[0] == 200, "the fixed page")
    assert status(base)["errors"] == []

    # The page is open; a broken save reloads it as the last good build with the errors over it.
    seen = visit(f"{base}/{PAGE}", base)  # type: ignore[operator]
    page = seen.page
    assert page.locator(".sdg-overlay").count() == 0
    source.write_text(good.replace(*BROKEN), encoding="utf-8")
    overlay = page.locator(".sdg-overlay")
    overlay.wait_for(timeout=120_000)
    text = overlay.inner_text()
    assert "last good build" in text and ERROR_WHERE in text and "SDG106" in text and ERROR_MESSAGE in text
    assert page.locator("h1").first.inner_text().startswith("Design a <script>")  # still the old page
    code, body = fetch(f"{base}/{PAGE}")  # answered at once, not held until the file is fixed
    assert code == 200 and "Design a &lt;script&gt;" in body

    # The next good save recovers: new text, no overlay.
    source.write_text(good.replace("A key-value cache in front", "A fixed key-value cache in front"), encoding="utf-8")
    page.wait_for_function("() => !!document.body && document.body.innerText.includes('A fixed key-value cache')", timeout=120_000)
    assert page.locator(".sdg-overlay").count() == 0
    assert status(base)["errors"] == []
    assert seen.errors == [] and seen.foreign == []
    assert "Traceback" not in log.read_text()

    # The Anki deck is packed after each build, in the background, and then served whole.
    wait_for(lambda: fetch_bytes(f"{base}/review/study-guide.apkg").startswith(b"PK"), "the deck", timeout=60)


def fetch_bytes(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return bytes(response.read())


def test_overlay_is_only_served_by_the_preview_server(built_site: Path) -> None:
    assert not (built_site / "js" / "serve-overlay.js").exists()
    assert not (built_site / "css" / "serve-overlay.css").exists()
    assert "serve-overlay" not in (built_site / "index.html").read_text(encoding="utf-8")
