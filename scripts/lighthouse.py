"""Lighthouse benchmark: performance and accessibility of the pages a reader lands on.

    .venv/bin/python scripts/lighthouse.py [--runs 3] [--check] [--site DIR] [--out FILE]
                                           [--without FEATURE ...] [PAGE ...]

Builds the site (or takes a built one with --site), serves it on 127.0.0.1 and runs
Lighthouse with its default mobile settings (simulated slow 4G, 4x CPU slowdown) on
the home page and every problem page, or on the PAGEs given (paths like
`problems/chat-system.html`). Prints the median of the runs per page as JSON.
`--check` exits 1 when a page misses a target; `--out` also writes the medians as a
Markdown table.

Text files are served gzip-compressed, as GitHub Pages serves them; `--plain`
serves them uncompressed (Python's http.server), to see what compression buys.
`--without content.tooltips` measures a copy of the site with that Material feature
turned off in every measured page's configuration, to see what the feature costs.

Lighthouse comes from the npm registry (pinned below) into ~/.cache/study-guide/,
outside the repository, on first use; it drives Debian's Chromium (/usr/bin/chromium)
and never downloads a browser.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import table  # noqa: E402
from studyguide.bundle import build, commit_time  # noqa: E402
from studyguide.pipeline import Layout  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "12.8.2"
TOOLS = Path.home() / ".cache" / "study-guide" / f"lighthouse-{LIGHTHOUSE_VERSION}"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
TARGETS = {"performance": 0.90, "accessibility": 0.98}
AUDITS = {  # audit id -> how to report its numeric value
    "first-contentful-paint": ("fcp_s", 1e-3),
    "largest-contentful-paint": ("lcp_s", 1e-3),
    "total-blocking-time": ("tbt_ms", 1.0),
    "cumulative-layout-shift": ("cls", 1.0),
    "total-byte-weight": ("transfer_kb", 1e-3),
}


CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class GzipHandler(QuietHandler):
    """Serves text files gzip-compressed to clients that accept it, like GitHub Pages."""

    def do_GET(self) -> None:  # noqa: N802
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def served(site: Path, compress: bool = True) -> Iterator[str]:
    handler = GzipHandler if compress else QuietHandler
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def lighthouse_bin() -> Path:
    """The pinned Lighthouse CLI, installed with npm on first use."""
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if shutil.which("npm") is None:
            raise SystemExit("lighthouse: npm is missing (install Node.js 18+ and npm)")
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--silent",
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return binary


def run_once(binary: Path, url: str) -> dict[str, float]:
    """One Lighthouse run: category scores and the key audits."""
    out = subprocess.run(
        [str(binary), url, "--quiet", "--output=json", "--output-path=stdout",
         "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300, check=True,
    )
    report = json.loads(out.stdout)
    result = {name: float(cat["score"]) for name, cat in report["categories"].items()}
    result["benchmark_index"] = float(report["environment"]["benchmarkIndex"])  # host speed: lower = busier
    for audit, (key, factor) in AUDITS.items():
        result[key] = round(float(report["audits"][audit]["numericValue"]) * factor, 3)
    return result


def median_runs(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(r[key] for r in runs), 3) for key in runs[0]}


def measure(site: Path, pages: list[str], runs: int, compress: bool = True) -> dict[str, dict[str, float]]:
    binary = lighthouse_bin()
    with served(site, compress) as base:
        return {page: median_runs([run_once(binary, f"{base}/{page}") for _ in range(runs)]) for page in pages}


def without_features(page: str, features: list[str]) -> str:
    """The page with these Material features taken out of its configuration."""
    def drop(match: re.Match[str]) -> str:
        config = json.loads(match.group(2))
        config["features"] = [f for f in config["features"] if f not in features]
        return match.group(1) + json.dumps(config).replace("<", "\\u003c") + match.group(3)

    return CONFIG.sub(drop, page, count=1)


def copy_without(site: Path, pages: list[str], features: list[str], into: Path) -> Path:
    """A copy of the site whose measured pages run without these features."""
    shutil.copytree(site, into)
    for page in pages:
        path = into / page
        html = path.read_text(encoding="utf-8")
        changed = without_features(html, features)
        if changed == html:
            raise SystemExit(f"lighthouse: {page} has none of the features {', '.join(features)}")
        path.write_text(changed, encoding="utf-8")
    return into


def markdown(results: dict[str, dict[str, float]], runs: int, without: list[str]) -> str:
    lines = ["# Lighthouse results", "",
             f"Written by `scripts/lighthouse.py` on {time.strftime('%Y-%m-%d')} (Lighthouse {LIGHTHOUSE_VERSION}, mobile "
             f"defaults, {os.cpu_count()} CPUs): "
             f"the median of {runs} runs per page" + (f", without {', '.join(without)}" if without else "") + ". "
             f"Targets: {', '.join(f'{k} >= {v}' for k, v in TARGETS.items())}. `benchmark_index` is Lighthouse's "
             "measure of the host's speed during the runs: lower means a busier machine.", "",
             table([{"page": page, **scores} for page, scores in results.items()])]
    missed = misses(results)
    return "\n".join([*lines, "", "Targets missed: " + ("; ".join(missed) if missed else "none"), ""])


def default_pages() -> list[str]:
    return ["index.html"] + [f"problems/{p.stem}.html" for p in Layout.at(ROOT).problem_files()]


def misses(results: dict[str, dict[str, float]]) -> list[str]:
    return [f"{page}: {key} {scores[key]} < {target}"
            for page, scores in results.items() for key, target in TARGETS.items() if scores[key] < target]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="page paths (default: home and every problem page)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is reported")
    parser.add_argument("--site", type=Path, help="an already built site to measure")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--plain", action="store_true", help="serve files uncompressed")
    parser.add_argument("--without", action="append", default=[], metavar="FEATURE",
                        help="turn this Material feature off in the measured pages (repeatable)")
    parser.add_argument("--out", type=Path, help="also write the medians as a Markdown table to this file")
    args = parser.parse_args()
    pages = args.pages or default_pages()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            result = build(ROOT, site, commit_time(ROOT))
            if result.returncode != 0:
                raise SystemExit(result.stderr)
        if args.without:
            site = copy_without(site, pages, args.without, Path(tmp) / "without")
        results = measure(site, pages, args.runs, compress=not args.plain)
    print(json.dumps({"targets": TARGETS, "runs": args.runs, "gzip": not args.plain, "without": args.without,
                      "pages": results}, indent=2))
    if args.out:
        args.out.write_text(markdown(results, args.runs, args.without), encoding="utf-8")
    missed = misses(results)
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
