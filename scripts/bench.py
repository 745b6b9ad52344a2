"""Speed and size benchmarks, with the targets they are held to.

    .venv/bin/python scripts/bench.py [--runs 3] [--check]

Measures the pipeline on its own (validate + render), the full strict MkDocs
build, and the weight of every problem page: its HTML, the Mermaid source in
it, and what a first visit downloads with and without the Mermaid library.
`--check` exits 1 when a target is missed. Numbers vary by machine; the
targets leave room for a slow CI runner.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from studyguide.bundle import build, commit_time  # noqa: E402
from studyguide.pipeline import Layout, build_pages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "pipeline_s": 5.0,          # validate + render every page
    "build_s": 60.0,            # mkdocs build --strict of the whole site
    "problem_html_kb": 400.0,   # largest problem page, HTML only
}


def timed(action: object, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def referenced(page: Path, html: str) -> dict[str, int]:
    """Bytes of every script and stylesheet the page loads itself, by path."""
    links = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    files = {(page.parent / link).resolve() for link in links if "://" not in link}
    return {f.name: f.stat().st_size for f in files if f.is_file()}


def page_weights(site: Path, slugs: list[str]) -> dict[str, dict[str, float]]:
    out = {}
    for slug in slugs:
        page = site / "problems" / f"{slug}.html"
        html = page.read_text(encoding="utf-8")
        assets = referenced(page, html)
        mermaid_js = assets.pop("mermaid.min.js", 0)
        shared = sum(assets.values())
        diagrams = re.findall(r'<pre class="mermaid"><code>(.*?)</code></pre>', html, re.S)
        size = len(html.encode("utf-8"))
        mermaid_src = sum(len(d.encode("utf-8")) for d in diagrams)
        out[page.stem] = {
            "html_kb": round(size / 1e3, 1),
            "diagrams": len(diagrams),
            "mermaid_source_kb": round(mermaid_src / 1e3, 1),
            "html_without_mermaid_kb": round((size - mermaid_src) / 1e3, 1),
            "first_visit_with_mermaid_kb": round((size + shared + mermaid_js) / 1e3, 1),
            "first_visit_without_mermaid_kb": round((size - mermaid_src + shared) / 1e3, 1),
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    layout = Layout.at(ROOT)
    results: dict[str, object] = {"pipeline_s": round(timed(lambda: build_pages(layout), args.runs), 2)}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        results["build_s"] = round(timed(lambda: build(ROOT, site, commit_time(ROOT)), args.runs), 2)
        results["pages"] = len(list(site.rglob("*.html")))
        weights = page_weights(site, [p.stem for p in layout.problem_files()])
    results["problem_pages"] = weights
    results["problem_html_kb"] = max(w["html_kb"] for w in weights.values())
    print(json.dumps(results, indent=2))
    missed = [f"{k}: {results[k]} > {v}" for k, v in TARGETS.items() if float(results[k]) > v]  # type: ignore[arg-type]
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
