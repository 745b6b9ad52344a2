"""Speed and size benchmarks, with the targets they are held to (issue 14).

    .venv/bin/python scripts/bench.py [--sizes 20,100,200,500,1000] [--reload-pages 50,500]
                                      [--runs 3] [--only growth,overhead,reload,pages]
                                      [--out scripts/bench-results.md] [--check]

- growth: `mkdocs build --strict` with N problems (the real ones plus synthetic
  copies written to a temporary folder and passed in SDG_EXTRA_PROBLEMS), and the
  cost per added problem, which should stay flat;
- overhead: the same build against a plain `mkdocs build` (no hook) of the
  Markdown the pipeline writes (`guide.py render`), at the real size and at 100
  problems;
- reload: `scripts/serve.sh` running, the seconds from saving a problem YAML to
  the served page showing the change, at about 50 and 500 pages;
- pages: the weight of every real problem page.

Every figure is the median of --runs runs. The results are printed and written as
a Markdown table to --out; `--check` exits 1 when a target is missed. Timings
depend on the machine and on what else runs on it: compare runs on one machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from studyguide.lint import MIN_WORDS  # noqa: E402
from studyguide.pipeline import Layout, build_pages, load_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "scripts" / "bench-results.md"
TARGETS = {
    "build_1000_s": 60.0,           # strict build with 1,000 problems
    "growth_ratio": 1.15,           # cost per added problem at the largest size / at the smallest
    "overhead_ratio": 1.05,         # build with the hook / plain build of the same Markdown
    "reload_s": 2.0,                # saving a problem YAML -> the served page shows it
    "problem_html_kb": 400.0,       # largest real problem page, HTML only
}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Report:
    """Figures by section, each row a dict; `missed` lists the targets not met."""

    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)

    def check(self, name: str, value: float, label: str) -> str:
        target = TARGETS[name]
        if value > target:
            self.missed.append(f"{label}: {value:g} > {target:g}")
            return f"no (> {target:g})"
        return f"yes (<= {target:g})"


def median_of(runs: int, action: Callable[[], float]) -> float:
    return statistics.median(action() for _ in range(runs))


# -- Synthetic problems ------------------------------------------------------------

def vary(node: Any, tag: str) -> Any:
    """The same data with every paragraph (a text of MIN_WORDS words or more) made unique to `tag`."""
    if isinstance(node, dict):
        return {key: vary(value, tag) for key, value in node.items()}
    if isinstance(node, list):
        return [vary(item, tag) for item in node]
    if isinstance(node, str) and len(node.split()) >= MIN_WORDS:
        return f"{node} ({tag}.)"
    return node


def synthesize(total: int, dest: Path) -> list[Path]:
    """Write copies of the real problems into `dest` so the site has `total` problems.

    Each copy gets a new slug and title and its paragraphs a distinct ending, so the
    checks that look across problems see different text, as they would in real files.
    """
    real = Layout.at(ROOT).problem_files()
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(max(0, total - len(real))):
        source = real[index % len(real)]
        tag = f"copy {index + 1}"
        data = vary(yaml.safe_load(source.read_text(encoding="utf-8")), tag)
        data["slug"] = f"{source.stem}-copy-{index + 1}"
        data["title"] = f"{data['title']} ({tag})"
        target = dest / f"{data['slug']}.yaml"
        target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
        written.append(target)
    return written


@contextlib.contextmanager
def problems_folder(total: int) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="bench-problems-") as tmp:
        synthesize(total, Path(tmp))
        yield Path(tmp)


# -- Builds ------------------------------------------------------------------------

def timed_build(config: Path, extra: Path | None) -> float:
    """Seconds for one `mkdocs build --strict` into a fresh folder; raises when the build fails."""
    env = {**ENV, "SDG_EXTRA_PROBLEMS": str(extra)} if extra else ENV
    with tempfile.TemporaryDirectory(prefix="bench-site-") as site:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", site]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stderr[-3000:]}")
    return seconds


def plain_project(extra: Path | None, dest: Path) -> Path:
    """A copy of the docs with the generated Markdown written in, and a config without the hook."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import mkdocs_hooks
    from mkdocs.config import load_config

    layout = Layout.at(ROOT, extra)
    docs = dest / "docs"
    shutil.copytree(layout.docs, docs, ignore=lambda folder, names: ["data"] if Path(folder) == layout.docs else [])
    for name, text in build_pages(layout).items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    nav = mkdocs_hooks._expand_nav(load_config(str(ROOT / "mkdocs.yml")).nav or [], load_site(layout).nav_sections())
    config = dest / "mkdocs.yml"
    speedups = [h for h in load_config(str(ROOT / "mkdocs.yml")).hooks if not h.endswith("mkdocs_hooks.py")]
    settings = {"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": str(docs), "hooks": [str(ROOT / h) for h in speedups],
                "watch": [], "nav": nav}
    config.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config


def real_count() -> int:
    return len(Layout.at(ROOT).problem_files())


def growth(report: Report, sizes: list[int], runs: int) -> None:
    """Build time by problem count; the cost of each added problem should not grow."""
    base = median_of(runs, lambda: timed_build(ROOT / "mkdocs.yml", None))
    rows = []
    for size in sizes:
        with problems_folder(size) as extra:
            seconds = statistics.median(timed_build(ROOT / "mkdocs.yml", extra) for _ in range(runs))
        added = max(1, size - real_count())
        rows.append({"problems": size, "build_s": round(seconds, 2), "s_per_problem": round(seconds / size, 3),
                     "ms_per_added_problem": round(1000 * (seconds - base) / added)})
    first, last = rows[0]["ms_per_added_problem"], rows[-1]["ms_per_added_problem"]
    ratio = round(last / first, 2) if first > 0 else 0.0
    summary = {"problems": f"real site ({real_count()})", "build_s": round(base, 2), "s_per_problem": "",
               "ms_per_added_problem": f"growth {ratio}: {report.check('growth_ratio', ratio, 'growth ratio')}"}
    if sizes[-1] >= 1000:
        thousand = next(r["build_s"] for r in rows if r["problems"] == sizes[-1])
        summary["s_per_problem"] = f"1,000 in {thousand} s: {report.check('build_1000_s', thousand, '1,000 problems (s)')}"
    report.sections["growth"] = [summary, *rows]


def overhead(report: Report, sizes: list[int], runs: int) -> None:
    """Build with the hook against a plain build of the same Markdown, run in turns so both see the same load."""
    rows = []
    for size in sizes:
        with problems_folder(size) as extra, tempfile.TemporaryDirectory(prefix="bench-plain-") as tmp:
            folder = extra if size > real_count() else None
            plain = plain_project(folder, Path(tmp))
            pairs = [(timed_build(ROOT / "mkdocs.yml", folder), timed_build(plain, None)) for _ in range(runs)]
        ratio = round(statistics.median(hook / bare for hook, bare in pairs), 3)
        rows.append({"problems": max(size, real_count()), "hook_s": round(statistics.median(h for h, _ in pairs), 2),
                     "plain_s": round(statistics.median(b for _, b in pairs), 2), "ratio": ratio,
                     "met": report.check("overhead_ratio", ratio, f"overhead at {max(size, real_count())} problems")})
    report.sections["overhead"] = rows


# -- Live reload -------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return ""


def wait_for(url: str, text: str, timeout: float, server: subprocess.Popen[str]) -> float:
    """Seconds until the page at `url` contains `text`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited:\n{(server.stderr.read() if server.stderr else '')[-3000:]}")
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not show {text!r} within {timeout:.0f} s")


def edit(problem: Path, mark: str) -> None:
    data = yaml.safe_load(problem.read_text(encoding="utf-8"))
    data["summary"] = re.sub(r" Edited \d+\.$", "", data["summary"]) + f" {mark}."
    problem.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def page_count(extra: Path | None) -> int:
    layout = Layout.at(ROOT, extra)
    return len(load_site(layout).pages()) + len(layout.chapter_files())


def reload_time(pages: int, runs: int) -> dict[str, Any]:
    fixed = page_count(None) - real_count()
    with problems_folder(max(pages - fixed, real_count() + 1)) as extra:
        problem = sorted(extra.glob("*.yaml"))[0]
        port = free_port()
        url = f"http://127.0.0.1:{port}/problems/{problem.stem}.html"
        command = ["bash", str(ROOT / "scripts" / "serve.sh"), "-a", f"127.0.0.1:{port}", "-w", str(extra)]
        server = subprocess.Popen(command, cwd=ROOT, env={**ENV, "SDG_EXTRA_PROBLEMS": str(extra)},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            wait_for(url, "<html", 600, server)
            samples = []
            for run in range(runs):
                time.sleep(1.0)  # let the watcher settle between saves
                mark = f"Edited {run + 1}"
                edit(problem, mark)
                samples.append(wait_for(url, mark, 300, server))
        finally:
            server.terminate()
            server.wait(timeout=30)
        return {"pages": page_count(extra), "reload_s": round(statistics.median(samples), 2),
                "slowest_s": round(max(samples), 2)}


def reload(report: Report, sizes: list[int], runs: int) -> None:
    rows = []
    for pages in sizes:
        row = reload_time(pages, runs)
        row["met"] = report.check("reload_s", row["reload_s"], f"reload at {row['pages']} pages")
        rows.append(row)
    report.sections["reload"] = rows


# -- Page weight -------------------------------------------------------------------

def referenced(page: Path, html: str) -> dict[str, int]:
    """Bytes of every script and stylesheet the page loads itself, by path."""
    links = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    files = {(page.parent / link).resolve() for link in links if "://" not in link}
    return {f.name: f.stat().st_size for f in files if f.is_file()}


def page_weights(report: Report, sizes: list[int], runs: int) -> None:
    """HTML, Mermaid source and first-visit download of every real problem page."""
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as site:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", site]
        subprocess.run(command, cwd=ROOT, env=ENV, check=True, capture_output=True)
        for slug in [p.stem for p in Layout.at(ROOT).problem_files()]:
            page = Path(site) / "problems" / f"{slug}.html"
            html = page.read_text(encoding="utf-8")
            assets = referenced(page, html)
            mermaid_js = assets.pop("mermaid.min.js", 0)
            diagrams = re.findall(r'<pre\s+class="mermaid"><code>(.*?)</code></pre>', html, re.S)
            size, source = len(html.encode("utf-8")), sum(len(d.encode("utf-8")) for d in diagrams)
            rows.append({"page": slug, "html_kb": round(size / 1e3, 1), "diagrams": len(diagrams),
                         "mermaid_source_kb": round(source / 1e3, 1),
                         "first_visit_kb": round((size + sum(assets.values()) + mermaid_js) / 1e3, 1)})
    largest = max(r["html_kb"] for r in rows)
    rows.append({"page": "largest", "html_kb": largest, "diagrams": "", "mermaid_source_kb": "",
                 "first_visit_kb": report.check("problem_html_kb", largest, "largest problem page (KB)")})
    report.sections["pages"] = rows


# -- Report ------------------------------------------------------------------------

SECTIONS: dict[str, Callable[[Report, list[int], int], None]] = {
    "growth": growth, "overhead": overhead, "reload": reload, "pages": page_weights,
}
TITLES = {
    "growth": "Build time by problem count (`mkdocs build --strict`)",
    "overhead": "Generator overhead: build with the hook / plain build of the same Markdown",
    "reload": "Live reload: saving a problem YAML -> the page served by `scripts/serve.sh` shows it",
    "pages": "Problem page weight",
}


def table(rows: list[dict[str, Any]]) -> str:
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(row.get(key, "")) for key in head) + " |" for row in rows]
    return "\n".join(lines)


def markdown(report: Report, args: argparse.Namespace) -> str:
    out = ["# Benchmark results", "",
           f"Written by `scripts/bench.py` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, "
           f"load average {os.getloadavg()[0]:.1f} at the end, median of {args.runs} runs).", ""]
    for name, rows in report.sections.items():
        out += [f"## {TITLES[name]}", "", table(rows), ""]
    out += ["Targets missed: " + ("; ".join(report.missed) if report.missed else "none"), ""]
    return "\n".join(out)


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=numbers, default=[20, 100, 200, 500, 1000], help="problem counts for growth")
    parser.add_argument("--overhead-sizes", type=numbers, default=[0, 100], help="problem counts for overhead (0: the real site)")
    parser.add_argument("--reload-pages", type=numbers, default=[50, 500], help="site sizes (pages) for live reload")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections: " + ", ".join(SECTIONS))
    parser.add_argument("--out", type=Path, default=RESULTS, help="Markdown results file (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    report = Report()
    sizes = {"growth": args.sizes, "overhead": args.overhead_sizes, "reload": args.reload_pages, "pages": []}
    for name in args.only.split(","):
        SECTIONS[name](report, sizes[name], args.runs)
    text = markdown(report, args)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    for line in report.missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if args.check and report.missed else 0


if __name__ == "__main__":
    sys.exit(main())
