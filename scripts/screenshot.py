"""Refresh the README screenshot: a problem page in Chromium, at its architecture section.

Usage: .venv/bin/python scripts/screenshot.py [--page problems/chat-system.html] [--out .github/assets/problem-page.png]
Builds the site into a temporary folder and photographs it from disk.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from studyguide.bundle import build, commit_time  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="problems/chat-system.html")
    parser.add_argument("--anchor", default="stage-2-per-conversation-order-and-safe-retries")
    parser.add_argument("--out", default=str(ROOT / ".github" / "assets" / "problem-page.png"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = build(ROOT, site, commit_time(ROOT))
        if result.returncode != 0:
            raise SystemExit(result.stderr)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(f"{(site / args.page).as_uri()}#{args.anchor}")
            page.wait_for_function("document.querySelectorAll('pre.mermaid').length === 0", timeout=20000)
            page.wait_for_timeout(500)
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=args.out)
            browser.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
