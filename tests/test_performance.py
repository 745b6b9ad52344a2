"""What keeps the build linear and rebuilds incremental gives the same site; the benchmark runs.

Speed itself is measured by scripts/bench.py, never asserted here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from conftest import ROOT, mkdocs_build
from studyguide.pages import NAV_RUN, problem_groups, site_pages
from studyguide.pipeline import Layout, Memo, load_site
from studyguide.validate import Valid, validate_files

FIXTURE = ROOT / "tests" / "fixtures" / "golden" / "problems" / "tricky-cache.yaml"


# -- Navigation -----------------------------------------------------------------------

def fake(count: int, difficulty: str = "core") -> list[Any]:
    return [SimpleNamespace(problem=SimpleNamespace(slug=f"p{i:04d}", title=f"Design thing {i:04d}", difficulty=difficulty))
            for i in range(count)]


def links(entries: list[Any]) -> Iterator[tuple[str, str]]:
    for entry in entries:
        (title, value), = entry.items()
        if isinstance(value, list):
            yield from links(value)
        else:
            yield title, value


@pytest.mark.parametrize("count", [1, NAV_RUN, NAV_RUN + 1, 333, 1000])
def test_sidebar_groups_hold_at_most_nav_run_problems(count: int) -> None:
    (group,) = problem_groups(fake(count))
    (title, entries), = group.items()
    assert title == "Core (45 min)"
    runs = [entries] if count <= NAV_RUN else [next(iter(run.values())) for run in entries]
    assert all(len(run) <= NAV_RUN for run in runs)
    assert [slug for _, slug in links(entries)] == [f"problems/p{i:04d}.md" for i in range(count)]
    if count > NAV_RUN:
        assert [next(iter(run)) for run in entries][:2] == [f"1–{len(runs[0])}", f"{len(runs[0]) + 1}–{len(runs[0]) + len(runs[1])}"]


def test_real_site_navigation_lists_every_problem_once() -> None:
    site = load_site(Layout.at(ROOT))
    listed = [page for _, page in links(site.nav_sections()["problems/index.md"][1:-2])]
    assert sorted(listed) == sorted(f"problems/{v.problem.slug}.md" for v in site.problems)


# -- Incremental validation and rendering ---------------------------------------------

def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def lines(result: tuple[list[Valid], list[Any]]) -> tuple[list[str], list[str]]:
    return [v.problem.slug for v in result[0]], [str(i) for i in result[1]]


def test_memo_validates_like_validate_files(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    files = [
        write(tmp_path / "a", "tricky-cache.yaml", text),
        write(tmp_path / "a", "tricky-copy.yaml", text.replace("slug: tricky-cache", "slug: tricky-copy")),
        write(tmp_path / "a", "broken.yaml", text.replace("slug: tricky-cache", "slug: broken").replace("      unit: KB", "      unit: KBX")),
        write(tmp_path / "b", "tricky-cache.yaml", text),
    ]
    memo = Memo()
    assert lines(memo.validate(files, tmp_path)) == lines(validate_files(files, tmp_path))
    assert any("[SDG504]" in line for line in lines(validate_files(files, tmp_path))[1])
    files[1].write_text(text.replace("slug: tricky-cache", "slug: tricky-copy").replace("summary: ", "summary: Rewritten. "), encoding="utf-8")
    assert lines(memo.validate(files, tmp_path)) == lines(validate_files(files, tmp_path))


def reworded(node: Any) -> Any:
    """Every text of two words or more changed, recursively."""
    if isinstance(node, dict):
        return {key: reworded(value) for key, value in node.items()}
    if isinstance(node, list):
        return [reworded(item) for item in node]
    return f"{node} Reworded." if isinstance(node, str) and " " in node.strip() else node


def test_pages_listing_problems_read_only_what_listed_names() -> None:
    """Pages that list problems are rendered again only when `listed` changes: nothing else may reach them."""
    site = load_site(Layout.at(ROOT))
    kept = ("slug", "title", "difficulty", "focus", "architecture", "requirements", "tradeoffs")
    changed = []
    for item in site.problems:
        data = item.problem.model_dump(by_alias=True)
        data = {key: value if key in kept else reworded(value) for key, value in data.items()}
        architecture = data["architecture"]
        data["architecture"] = {key: value if key == "components" else reworded(value) for key, value in architecture.items()}
        changed.append(Valid(type(item.problem).model_validate(data), item.rows, item.loaded))
    assert changed[0].problem.summary != site.problems[0].problem.summary
    assert site_pages(site.layout.templates, site.data, changed) == site_pages(site.layout.templates, site.data, site.problems)


# -- Incremental builds ---------------------------------------------------------------

def without_overlay(page: bytes) -> bytes:
    """A page as `mkdocs build` writes it: without the preview server's error overlay, and blank lines dropped."""
    page = re.sub(rb'<link rel="stylesheet" href="[^"]*serve-overlay\.css">|<script src="[^"]*serve-overlay\.js"></script>', b"", page)
    return re.sub(rb"\n[ \t]*(?=\n)", b"", page)


def test_dirty_rebuilds_write_what_changed_and_match_a_clean_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in one process, as under `mkdocs serve --dirty`: a save rewrites its page, a new title every page."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    sys.path.insert(0, str(ROOT / "scripts"))
    import bench

    extra = tmp_path / "extra"
    problem = bench.synthesize(len(Layout.at(ROOT).problem_files()) + 2, extra)[0]
    monkeypatch.setenv("SDG_EXTRA_PROBLEMS", str(extra))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"

    def rewritten_by_dirty_build() -> list[str]:
        before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)
        return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if p.stat().st_mtime_ns != before.get(p))

    everything = rewritten_by_dirty_build()
    bench.edit(problem, "Edited 1")
    assert rewritten_by_dirty_build() == ["404.html", f"problems/{problem.stem}.html"]
    data = yaml.safe_load(problem.read_text(encoding="utf-8"))
    problem.write_text(yaml.safe_dump({**data, "title": f"Renamed: {data['title']}"}, sort_keys=False), encoding="utf-8")
    assert rewritten_by_dirty_build() == everything
    clean = tmp_path / "clean"
    result = mkdocs_build(clean, extra)
    assert result.returncode == 0, result.stderr
    for built in clean.rglob("*.html"):
        served = without_overlay((site / built.relative_to(clean)).read_bytes())
        assert served == without_overlay(built.read_bytes()), built.relative_to(clean)
    assert "Edited 1." in (site / "problems" / f"{problem.stem}.html").read_text(encoding="utf-8")


# -- Diagram scripts ------------------------------------------------------------------

def test_diagram_scripts_are_what_mermaid2_adds(built_site: Path) -> None:
    """The spliced-in scripts give the same document as mermaid2's own re-parse of the page."""
    from bs4 import BeautifulSoup
    from mkdocs.config import load_config

    sys.path.insert(0, str(ROOT / "scripts"))
    import mkdocs_speedups

    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["mermaid2"]
    plugin.on_config(config)
    pages = 0
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        page = SimpleNamespace(url=path.relative_to(built_site).as_posix(), title="")
        count = len(re.findall(r'<pre\s+class="mermaid"', html))
        stub = plugin.on_post_page(f"<html><body>{mkdocs_speedups._STUB_DIAGRAM * max(count, 1)}</body></html>", page=page, config=config)
        scripts = stub[stub.rindex("</pre>") + len("</pre>"):stub.rindex("</body>")]
        assert (scripts in html) == (count > 0), page.url
        raw = html.replace(scripts, "") if count else html
        theirs = plugin.on_post_page(raw, page=page, config=config)
        ours = mkdocs_speedups._post_page_scripts(plugin.on_post_page, raw, page=page, config=config)
        assert str(BeautifulSoup(ours, "html.parser")) == str(BeautifulSoup(theirs, "html.parser")), page.url
        pages += count > 0
    assert pages >= len(Layout.at(ROOT).problem_files())


def test_theme_listing_gives_mkdocs_the_same_static_files() -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    sys.path.insert(0, str(ROOT / "scripts"))
    import mkdocs_speedups

    config = load_config(str(ROOT / "mkdocs.yml"))
    stock = Files([])
    stock.add_files_from_theme(config.theme.get_env(), config)
    mkdocs_speedups.on_config(config)
    lighter = Files([])
    lighter.add_files_from_theme(config.theme.get_env(), config)
    assert len(stock) > 10 and sorted(stock.src_uris) == sorted(lighter.src_uris)


# -- Page load ------------------------------------------------------------------------

def screen_rules_with_has(css: str) -> list[str]:
    """Selectors using :has() outside `@media print` blocks (print layout is not a page load)."""
    found, depth, print_depth = [], 0, None
    for token in re.finditer(r"[^{}]*\{|\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        text = token.group(0).strip()
        if text == "}":
            depth -= 1
            print_depth = None if print_depth is not None and depth < print_depth else print_depth
            continue
        depth += 1
        if text.startswith("@media") and "print" in text and print_depth is None:
            print_depth = depth
        elif ":has(" in text and print_depth is None:
            found.append(" ".join(text.rstrip("{").split()))
    return found


def test_material_bundle_is_deferred_on_every_page(built_site: Path) -> None:
    # Parser-blocking, its start-up ran before a long page's first paint (largest paint 4 s on
    # a throttled phone); deferred, the text paints first (templates/theme/main.html).
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        tags = re.findall(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"[^>]*>', path.read_text(encoding="utf-8"))
        assert tags and all(tag.endswith(" defer>") for tag in tags), path.relative_to(built_site)


def test_problem_page_contents_list_sections_and_chapters_keep_theirs(built_site: Path) -> None:
    # Material's scroll-spy measures every heading the table of contents lists, at load.
    def toc_targets(page: str) -> list[str]:
        html = (built_site / page).read_text(encoding="utf-8")
        toc = html[html.index('md-sidebar--secondary'):html.index('<div class="md-content"')]
        return re.findall(r'<a href="#([^"]+)" class="md-nav__link"', toc)

    for slug in ("chat-system", "paste-bin"):
        html = (built_site / "problems" / f"{slug}.html").read_text(encoding="utf-8")
        sections, listed = re.findall(r'<h2 id="([^"]+)"', html), toc_targets(f"problems/{slug}.html")
        assert len(listed) >= 8 and set(listed) <= set(sections)
    chapter = toc_targets("learn/estimation.html")
    chapter_html = (built_site / "learn" / "estimation.html").read_text(encoding="utf-8")
    assert any(re.search(rf'<h3 id="{re.escape(t)}"', chapter_html) for t in chapter)


def test_permalinks_are_named_without_a_tooltip(built_site: Path) -> None:
    # With content.tooltips, Material mounts a tooltip at load on every titled element of the content.
    for page in ("problems/chat-system.html", "learn/estimation.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        permalinks = re.findall(r'<a class="headerlink"[^>]*>', html)
        assert len(permalinks) > 5 and all('aria-label="Permanent link"' in a and "title=" not in a for a in permalinks), page


def test_problem_pages_define_each_term_once_per_section_and_chapters_per_heading(built_site: Path) -> None:
    # Material mounts a tooltip per definition at load: about 2 ms of blocking time each on a slowed phone.
    def passages(page: str, heading: str) -> list[list[str]]:
        html = (built_site / page).read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        return [re.findall(r'<abbr title="([^"]*)"', part) for part in re.split(heading, article)]

    for page, heading in (("problems/payment-system.html", r"(?=<h2[\s>])"), ("learn/estimation.html", r"(?=<h[23][\s>])")):
        parts = passages(page, heading)
        assert all(len(terms) == len(set(terms)) for terms in parts), page
        assert sum(map(len, parts)) > len({t for terms in parts for t in terms}) > 5, page  # a term is defined again in a later passage


def test_screen_stylesheets_use_no_has_selector() -> None:
    # Every :has() made Material's style reads at load full recalculations (about 1 s of
    # blocking time on a throttled phone); present.py and section-clock.js mark instead.
    assert screen_rules_with_has("@media print { body:has(.x) a { color: red; } } a:has(b) { x: y; }") == ["a:has(b)"]
    for sheet in sorted((ROOT / "docs" / "css").glob("*.css")):
        assert screen_rules_with_has(sheet.read_text(encoding="utf-8")) == [], sheet.name


# -- The benchmark --------------------------------------------------------------------

def test_bench_smoke_writes_its_table(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    real = len(Layout.at(ROOT).problem_files())
    command = [sys.executable, str(ROOT / "scripts" / "bench.py"), "--sizes", str(real + 2), "--overhead-sizes", "0",
               "--reload-pages", "1", "--runs", "1", "--out", str(out)]
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    for heading in ("## Build time by problem count", "## Generator overhead", "## Live reload", "## Problem page weight"):
        assert heading in text
    assert re.search(rf"^\| {real + 2} \| 1 \| [0-9.]+ \| [0-9.]+ \| -?[0-9]+ \| [0-9.]+ \|$", text, re.M), text
    assert re.search(r"^\| [0-9]+ \| 1 \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| (yes|no)", text.split("## Live reload")[1], re.M), text
    assert "Targets missed:" in text and result.stdout.strip() == text.strip()


def test_lighthouse_can_measure_a_page_without_a_material_feature(built_site: Path, tmp_path: Path) -> None:
    # `lighthouse.py --without content.tooltips` shows what a feature costs: the copy differs
    # from the site only in the measured pages' feature list.
    import lighthouse

    def features(html: str) -> list[str]:
        return json.loads(lighthouse.CONFIG.search(html).group(2))["features"]

    page = "problems/chat-system.html"
    copy = lighthouse.copy_without(built_site, [page], ["content.tooltips"], tmp_path / "copy")
    before, after = (built_site / page).read_text(encoding="utf-8"), (copy / page).read_text(encoding="utf-8")
    assert "content.tooltips" in features(before)
    assert features(after) == [f for f in features(before) if f != "content.tooltips"]
    assert lighthouse.CONFIG.sub("", after) == lighthouse.CONFIG.sub("", before)
    assert (copy / "index.html").read_bytes() == (built_site / "index.html").read_bytes()
    with pytest.raises(SystemExit, match="has none of the features"):
        lighthouse.copy_without(built_site, [page], ["no.such.feature"], tmp_path / "again")


def test_lighthouse_writes_its_medians_as_a_table() -> None:
    import lighthouse

    results = {"index.html": {"performance": 0.99, "accessibility": 1.0, "tbt_ms": 80.0},
               "problems/chat-system.html": {"performance": 0.88, "accessibility": 1.0, "tbt_ms": 410.0}}
    text = lighthouse.markdown(results, 5, ["content.tooltips"])
    assert "median of 5 runs per page, without content.tooltips" in text
    assert "| page | performance | accessibility | tbt_ms |" in text
    assert "| problems/chat-system.html | 0.88 | 1.0 | 410.0 |" in text
    assert text.endswith("Targets missed: problems/chat-system.html: performance 0.88 < 0.9\n")
