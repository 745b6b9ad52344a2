"""A build replaces the site whole or not at all, and generated pages never expand include lines."""

from __future__ import annotations

import html
from pathlib import Path

from conftest import ROOT, mkdocs_build
from test_site import tree_diff

FIXTURE = ROOT / "tests" / "fixtures" / "golden" / "problems" / "tricky-cache.yaml"


def problems_folder(tmp_path: Path, old: str = "", new: str = "") -> Path:
    folder = tmp_path / "problems"
    folder.mkdir()
    text = FIXTURE.read_text(encoding="utf-8")
    assert not old or text.count(old) == 1
    (folder / "tricky-cache.yaml").write_text(text.replace(old, new) if old else text, encoding="utf-8")
    return folder


def old_site(tmp_path: Path) -> tuple[Path, Path]:
    """A site folder from an earlier build, and a pristine copy to compare it with."""
    site, copy = tmp_path / "site", tmp_path / "copy"
    for folder in (site, copy):
        (folder / "problems").mkdir(parents=True)
        (folder / "index.html").write_text("<p>the last good build</p>", encoding="utf-8")
        (folder / "problems" / "stale.html").write_text("<p>stale</p>", encoding="utf-8")
    return site, copy


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(site.name + "."))


def test_strict_warning_leaves_the_old_site_untouched(tmp_path: Path) -> None:
    site, copy = old_site(tmp_path)
    problems = problems_folder(tmp_path, "      implies: Still under one node's ceiling at peak ({peak_qps} < 100K/s).\n", "")
    result = mkdocs_build(site, problems)
    assert result.returncode == 1 and "[SDG501]" in result.stderr and "Aborted with 1 warnings" in result.stdout
    assert tree_diff(site, copy) == [] and leftovers(site) == []


def test_error_leaves_the_old_site_untouched(tmp_path: Path) -> None:
    site, copy = old_site(tmp_path)
    result = mkdocs_build(site, problems_folder(tmp_path, "difficulty: warm-up", "difficulty: easy"))
    assert result.returncode == 1 and "[SDG106]" in result.stderr and "Traceback" not in result.stderr
    assert tree_diff(site, copy) == [] and leftovers(site) == []


def test_good_build_replaces_the_whole_site(tmp_path: Path) -> None:
    site, _ = old_site(tmp_path)
    code = "        {\"value\": \"x\", \"ttl_s\": 60}\n"
    problems = problems_folder(tmp_path, code, code + "        <!-- include: reference/latency -->\n")
    result = mkdocs_build(site, problems)
    assert result.returncode == 0, result.stderr
    assert not (site / "problems" / "stale.html").exists() and leftovers(site) == []
    page = (site / "problems" / "tricky-cache.html").read_text(encoding="utf-8")
    assert "&lt;!-- include: reference/latency --&gt;" in page, "the include line shows as typed in the example"
    assert "If the fastest took 1 s" not in page, "an include line in problem text was expanded"
    title = page.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and html.unescape(title).startswith('Design a <script>alert("x")</script> cache'), title
    # navigation.prune: the problem's own page carries its group of the navigation, with the title as text
    nav = page.split('<nav class="md-nav md-nav--primary"')[1].split('<div class="md-content"')[0]
    assert "<script>alert(" not in page and "Design a &lt;script&gt;alert(" in nav
