"""Refresh the README screenshots: a problem page in Chromium, on a desktop and on a phone.

Usage: .venv/bin/python scripts/screenshot.py [--page problems/chat-system.html]
           [--anchor ID] [--out PNG] [--phone-anchor ID] [--phone-out PNG]
Builds the site into a temporary folder and photographs it from disk: the
desktop shot (1280 px) at the architecture section, the phone shot (390 px) at
the derived numbers, where tables read as cards and the section clock shows.
Every diagram is drawn before the shot.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from studyguide.bundle import build, commit_time  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / ".github" / "assets"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
DRAWN = "() => [...document.querySelectorAll('figure.diagram')].every(f => f.dataset.state === 'drawn')"


def shoot(browser: Browser, url: str, anchor: str, out: Path, width: int, height: int, scale: float) -> None:
    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
    page.goto(f"{url}#{anchor}")
    page.evaluate("() => window.studyGuideDiagrams && window.studyGuideDiagrams.drawAll()")
    page.wait_for_function(DRAWN, timeout=30000)
    page.evaluate("id => document.getElementById(id).scrollIntoView()", anchor)  # also shows the section clock
    page.wait_for_timeout(400)
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out))
    page.close()
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="problems/chat-system.html")
    parser.add_argument("--anchor", default="stage-2-per-conversation-order-and-safe-retries")
    parser.add_argument("--out", type=Path, default=ASSETS / "problem-page.png")
    parser.add_argument("--phone-anchor", default="derived-numbers")
    parser.add_argument("--phone-out", type=Path, default=ASSETS / "problem-page-phone.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = build(ROOT, site, commit_time(ROOT))
        if result.returncode != 0:
            raise SystemExit(result.stderr)
        url = (site / args.page).as_uri()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=ARGS)
            shoot(browser, url, args.anchor, args.out, 1280, 860, 1)
            shoot(browser, url, args.phone_anchor, args.phone_out, 390, 844, 2)
            browser.close()


if __name__ == "__main__":
    main()
