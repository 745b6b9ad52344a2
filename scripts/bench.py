"""Speed and size benchmarks, with the targets they are held to (issue 14).

    .venv/bin/python scripts/bench.py [--sizes 20,100,200,500,1000] [--overhead-sizes 0,100]
                                      [--reload-pages 50,500] [--runs 3] [--large-runs 1]
                                      [--only growth,overhead,reload,pages]
                                      [--out scripts/bench-results.md] [--check]

- growth: `mkdocs build --strict` with N problems (the real ones plus synthetic
  copies written to a temporary folder and passed in SDG_EXTRA_PROBLEMS), and the
  cost per added problem, which should stay flat;
- overhead: that build against a plain `mkdocs build` of the Markdown the pipeline
  writes (`guide.py render`), without the generator's hook but with the generic
  speed-ups (scripts/mkdocs_speedups.py) and the glossary in the abbr extension's
  own option (the same site, tooltips included), at the real size and at 100 problems;
- reload: `scripts/serve.sh` running, the seconds from saving a problem YAML to
  the served page showing the change, and the server's CPU time for it, at about
  50 and 500 pages;
- pages: the weight of every real problem page.

Each figure is the median of --runs runs (--large-runs for 500 problems or more).
The results are printed and written as Markdown tables to --out; `--check` exits 1
when a target is missed. Timings depend on the machine and on what else runs on
it: compare runs on one machine, and read the load column.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
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
from typing import Any, NamedTuple

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from studyguide import glossary, review  # noqa: E402
from studyguide.bundle import commit_time  # noqa: E402
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
    """Rows of figures by section, notes under each table, and the targets missed."""

    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)

    def check(self, name: str, value: float, label: str) -> str:
        target = TARGETS[name]
        if value > target:
            self.missed.append(f"{label}: {value:g} > {target:g}")
            return f"no (> {target:g})"
        return f"yes (<= {target:g})"

    def note(self, section: str, text: str) -> None:
        self.notes.setdefault(section, []).append(text)


def load() -> float:
    """The 1-minute load average: how busy the machine was (2 CPUs here; others' jobs count)."""
    return round(os.getloadavg()[0], 1)


# -- Synthetic problems ------------------------------------------------------------

VERBATIM_KEYS = {"formula", "mermaid", "request", "response", "payload", "path"}  # code: kept as written

def vary(node: Any, tag: str, key: str = "") -> Any:
    """The same data with every paragraph (a text of MIN_WORDS words or more) made unique to `tag`.

    Prose gets a distinct ending; formulas and raw Mermaid are code, which the boilerplate
    check does not compare, so they stay as they are.
    """
    if isinstance(node, dict):
        return {k: vary(value, tag, k) for k, value in node.items()}
    if isinstance(node, list):
        return [vary(item, tag, key) for item in node]
    if not isinstance(node, str) or len(re.sub(r"\{\w+\}", "figure shown", node).split()) < MIN_WORDS:
        return node  # a {figure} reads as up to two words on the page, as the lint counts it
    return node if key in VERBATIM_KEYS else f"{node} ({tag}.)"


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

class Timing(NamedTuple):
    wall: float  # seconds on the clock: what a person waits, inflated when other jobs share the CPUs
    cpu: float   # CPU seconds the build used: its cost, much less sensitive to other jobs


def timed_build(config: Path, extra: Path | None) -> Timing:
    """One `mkdocs build --strict` into a fresh folder; raises when the build fails."""
    env = {**ENV, "SDG_EXTRA_PROBLEMS": str(extra)} if extra else ENV
    with tempfile.TemporaryDirectory(prefix="bench-site-") as site:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", site]
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stderr[-3000:]}")
    return Timing(seconds, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)


def median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings))


def plain_project(extra: Path | None, dest: Path) -> Path:
    """A copy of the docs with the generated Markdown and review files written in, and a config without the hook."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import mkdocs_hooks
    from mkdocs.config import load_config

    layout = Layout.at(ROOT, extra)
    docs = dest / "docs"
    shutil.copytree(layout.docs, docs, ignore=lambda folder, names: ["data"] if Path(folder) == layout.docs else [])
    site = load_site(layout)
    files: dict[str, str | bytes] = {**build_pages(layout), **review.assets(site.cards, site.decks, commit_time(ROOT))}
    for name, content in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (docs / name).write_bytes(content)
        else:
            (docs / name).write_text(content, encoding="utf-8")
    nav = mkdocs_hooks._expand_nav(load_config(str(ROOT / "mkdocs.yml")).nav or [], site.nav_sections())
    config = dest / "mkdocs.yml"
    speedups = [h for h in load_config(str(ROOT / "mkdocs.yml")).hooks if not h.endswith("mkdocs_hooks.py")]
    settings = {"INHERIT": str(with_glossary(site, dest)), "docs_dir": str(docs), "hooks": [str(ROOT / h) for h in speedups],
                "watch": [], "nav": nav, "theme": {"custom_dir": str(ROOT / "templates" / "theme")}}
    config.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config


def with_glossary(site: Any, dest: Path) -> Path:
    """mkdocs.yml with the glossary in the abbr extension's own option, as a project without the hook
    would give its pages the same tooltips (the hook hands each page the terms it can show)."""
    forms = json.dumps(glossary.abbreviations(site.data.glossary), ensure_ascii=True, sort_keys=True)
    text, found = re.subn(r"^  - abbr\b.*$", lambda _: f"  - abbr:\n      glossary: {forms}",
                          (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), count=1, flags=re.M)
    if found != 1:
        raise RuntimeError("mkdocs.yml: no '  - abbr' line under markdown_extensions")
    (dest / "parent.yml").write_text(text, encoding="utf-8")
    return dest / "parent.yml"


def real_count() -> int:
    return len(Layout.at(ROOT).problem_files())


def growth(report: Report, args: argparse.Namespace) -> None:
    """Build time by problem count; the CPU cost of each added problem should not grow."""
    runs = args.runs
    base = median([timed_build(ROOT / "mkdocs.yml", None) for _ in range(runs)])
    rows: list[dict[str, Any]] = [{"problems": real_count(), "runs": runs, "build_s": round(base.wall, 2),
                                   "cpu_s": round(base.cpu, 2), "cpu_ms_per_added_problem": "", "load": load()}]
    for size in args.sizes:
        count = runs if size < 500 else args.large_runs
        with problems_folder(size) as extra:
            took = median([timed_build(ROOT / "mkdocs.yml", extra) for _ in range(count)])
        added = max(1, size - real_count())
        rows.append({"problems": size, "runs": count, "build_s": round(took.wall, 2), "cpu_s": round(took.cpu, 2),
                     "cpu_ms_per_added_problem": round(1000 * (took.cpu - base.cpu) / added), "load": load()})
        progress("growth", rows[-1])
    report.sections["growth"] = rows
    first, last = rows[1]["cpu_ms_per_added_problem"], rows[-1]["cpu_ms_per_added_problem"]
    ratio = round(last / first, 2) if first > 0 else 0.0
    report.note("growth", f"CPU cost per added problem at {args.sizes[-1]} / at {args.sizes[0]} problems: {ratio}, "
                          f"flat: {report.check('growth_ratio', ratio, 'growth ratio')}.")
    if 1000 in args.sizes:
        row = rows[1 + args.sizes.index(1000)]
        report.note("growth", f"1,000 problems in {row['build_s']} s on the clock ({row['cpu_s']} CPU s): "
                              f"{report.check('build_1000_s', row['build_s'], '1,000 problems (s)')}.")


def overhead(report: Report, args: argparse.Namespace) -> None:
    """Build with the hook against a plain build of the same Markdown, run in turns so both see the same load."""
    rows = []
    for size in args.overhead_sizes:
        with problems_folder(size) as extra, tempfile.TemporaryDirectory(prefix="bench-plain-") as tmp:
            folder = extra if size > real_count() else None
            plain = plain_project(folder, Path(tmp))
            pairs = [(timed_build(ROOT / "mkdocs.yml", folder), timed_build(plain, None)) for _ in range(args.runs)]
        hook, bare = median([h for h, _ in pairs]), median([b for _, b in pairs])
        ratio = round(statistics.median(h.cpu / b.cpu for h, b in pairs), 3)
        rows.append({"problems": max(size, real_count()), "runs": args.runs, "hook_s": round(hook.wall, 2),
                     "plain_s": round(bare.wall, 2), "hook_cpu_s": round(hook.cpu, 2), "plain_cpu_s": round(bare.cpu, 2),
                     "cpu_ratio": ratio, "wall_ratio": round(statistics.median(h.wall / b.wall for h, b in pairs), 3),
                     "met": report.check("overhead_ratio", ratio, f"overhead at {max(size, real_count())} problems"), "load": load()})
        progress("overhead", rows[-1])
    report.sections["overhead"] = rows
    report.note("overhead", "cpu_ratio (the target) is the median over runs of the hook build's CPU seconds / the plain build's.")


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


def wait_for(url: str, text: str, timeout: float, server: subprocess.Popen[bytes], log: Path) -> float:
    """Seconds until the page at `url` contains `text`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited:\n{log.read_text(encoding='utf-8', errors='replace')[-3000:]}")
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not show {text!r} within {timeout:.0f} s")


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def edit(problem: Path, mark: str) -> None:
    data = yaml.safe_load(problem.read_text(encoding="utf-8"))
    data["summary"] = re.sub(r" Edited \d+\.$", "", data["summary"]) + f" {mark}."
    problem.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def page_count(extra: Path | None) -> int:
    layout = Layout.at(ROOT, extra)
    return len(load_site(layout).pages()) + len(layout.chapter_files())


def reload_time(pages: int, runs: int) -> dict[str, Any]:
    """Start scripts/serve.sh on a site of about `pages` pages, save a problem `runs` times, time each."""
    fixed = page_count(None) - real_count()
    with problems_folder(max(pages - fixed, real_count() + 1)) as extra, tempfile.TemporaryDirectory() as tmp:
        problem = sorted(extra.glob("*.yaml"))[0]
        port = free_port()
        url = f"http://127.0.0.1:{port}/problems/{problem.stem}.html"
        command = ["bash", str(ROOT / "scripts" / "serve.sh"), "-a", f"127.0.0.1:{port}", "-w", str(extra)]
        log = Path(tmp) / "serve.log"
        with log.open("wb") as sink:
            server = subprocess.Popen(command, cwd=ROOT, env={**ENV, "SDG_EXTRA_PROBLEMS": str(extra)},
                                      stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for(url, "<html", 1800, server, log)
            samples, cpu = [], []
            for run in range(runs):
                time.sleep(1.5)  # let the watcher settle between saves
                mark, used = f"Edited {run + 1}", cpu_seconds(server.pid)
                edit(problem, mark)
                samples.append(wait_for(url, mark, 600, server, log))
                cpu.append(cpu_seconds(server.pid) - used)
        finally:
            server.terminate()
            server.wait(timeout=60)
        return {"pages": page_count(extra), "runs": runs, "reload_s": round(statistics.median(samples), 2),
                "slowest_s": round(max(samples), 2), "server_cpu_s": round(statistics.median(cpu), 2), "load": load()}


def reload(report: Report, args: argparse.Namespace) -> None:
    rows = []
    for pages in args.reload_pages:
        row = reload_time(pages, args.runs)
        row["met"] = report.check("reload_s", row["reload_s"], f"reload at {row['pages']} pages")
        rows.append(row)
        progress("reload", row)
    report.sections["reload"] = rows
    report.note("reload", "server_cpu_s: CPU time the server used from the save to the page served, "
                          "which does not depend on how busy the machine is.")


# -- Page weight -------------------------------------------------------------------

def referenced(page: Path, html: str) -> dict[str, int]:
    """Bytes of every script and stylesheet the page loads itself, by path."""
    links = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    files = {(page.parent / link).resolve() for link in links if "://" not in link}
    return {f.name: f.stat().st_size for f in files if f.is_file()}


def page_weights(report: Report, args: argparse.Namespace) -> None:
    """HTML, Mermaid source and first-visit download of every real problem page."""
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as site:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site]
        subprocess.run(command, cwd=ROOT, env=ENV, check=True, capture_output=True)
        for slug in [p.stem for p in Layout.at(ROOT).problem_files()]:
            page = Path(site) / "problems" / f"{slug}.html"
            html = page.read_text(encoding="utf-8")
            assets = referenced(page, html)
            mermaid_js = assets.pop("mermaid.min.js", 0)
            diagrams = re.findall(r'<pre\s+class="mermaid"[^>]*><code>(.*?)</code></pre>', html, re.S)
            size, source = len(html.encode("utf-8")), sum(len(d.encode("utf-8")) for d in diagrams)
            rows.append({"page": slug, "html_kb": round(size / 1e3, 1), "diagrams": len(diagrams),
                         "mermaid_source_kb": round(source / 1e3, 1),
                         "first_visit_kb": round((size + sum(assets.values()) + mermaid_js) / 1e3, 1)})
    largest = max(r["html_kb"] for r in rows)
    rows.append({"page": "largest", "html_kb": largest, "diagrams": "", "mermaid_source_kb": "",
                 "first_visit_kb": report.check("problem_html_kb", largest, "largest problem page (KB)")})
    report.sections["pages"] = rows


# -- Report ------------------------------------------------------------------------

SECTIONS: dict[str, Callable[[Report, argparse.Namespace], None]] = {
    "growth": growth, "overhead": overhead, "reload": reload, "pages": page_weights,
}
TITLES = {
    "growth": "Build time by problem count (`mkdocs build --strict`)",
    "overhead": "Generator overhead: build with the hook / plain build of the same Markdown",
    "reload": "Live reload: saving a problem YAML -> the page served by `scripts/serve.sh` shows it",
    "pages": "Problem page weight",
}


def progress(section: str, row: dict[str, Any]) -> None:
    """Each row as it is measured, on stderr: a full run takes an hour or more."""
    print(f"{section}: {row}", file=sys.stderr, flush=True)


def table(rows: list[dict[str, Any]]) -> str:
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(row.get(key, "")) for key in head) + " |" for row in rows]
    return "\n".join(lines)


def markdown(report: Report, args: argparse.Namespace) -> str:
    out = ["# Benchmark results", "",
           f"Written by `scripts/bench.py` on {time.strftime('%Y-%m-%d')} ({os.cpu_count()} CPUs). Each figure is the median "
           "of `runs` runs; `load` is the 1-minute load average when the row was measured.", ""]
    for name, rows in report.sections.items():
        out += [f"## {TITLES[name]}", "", table(rows), ""]
        out += [*report.notes.get(name, []), ""] if name in report.notes else []
    out += ["Targets missed: " + ("; ".join(report.missed) if report.missed else "none"), ""]
    return "\n".join(out)


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=numbers, default=[20, 100, 200, 500, 1000], help="problem counts for growth")
    parser.add_argument("--overhead-sizes", type=numbers, default=[0, 100], help="problem counts for overhead (0: the real site)")
    parser.add_argument("--reload-pages", type=numbers, default=[50, 500], help="site sizes (pages) for live reload")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default: %(default)s)")
    parser.add_argument("--large-runs", type=int, default=1, help="runs per build of 500 problems or more (default: %(default)s)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections: " + ", ".join(SECTIONS))
    parser.add_argument("--out", type=Path, default=RESULTS, help="Markdown results file (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    report = Report()
    for name in args.only.split(","):
        SECTIONS[name](report, args)
    text = markdown(report, args)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    for line in report.missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if args.check and report.missed else 0


if __name__ == "__main__":
    sys.exit(main())
