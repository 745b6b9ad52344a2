"""The real site: strict build, byte-identical rebuilds, hostile input, bad input."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

from conftest import ROOT, mkdocs_build, problem_slugs


def tree_diff(a: Path, b: Path) -> list[str]:
    cmp = filecmp.dircmp(a, b)
    out = [str(Path(a, n)) for n in cmp.left_only + cmp.right_only + cmp.diff_files]
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    out += mismatch + errors
    for sub in cmp.common_dirs:
        out += tree_diff(a / sub, b / sub)
    return out


def test_strict_build_has_every_problem(built_site: Path) -> None:
    for slug in problem_slugs():
        page = (built_site / "problems" / f"{slug}.html").read_text(encoding="utf-8")
        assert '<pre class="mermaid" data-search-exclude' in page
    assert (built_site / "problems" / "index.html").exists()


def test_mermaid_is_never_loaded_up_front(built_site: Path) -> None:
    """Pages with a diagram get the small lazy loader (mermaid2's `javascript:`); none gets the library itself."""
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "mermaid.min.js" not in text, page
        assert ("js/diagrams.js" in text) == ('<pre class="mermaid"' in text), page


def test_same_input_byte_identical_output(built_site: Path, tmp_path: Path) -> None:
    result = mkdocs_build(tmp_path / "again")
    assert result.returncode == 0, result.stderr
    assert tree_diff(built_site, tmp_path / "again") == []


def test_no_cdn_reference_in_the_built_site(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for host in ("unpkg.com", "cdn.jsdelivr", "fonts.googleapis", "fonts.gstatic"):
            assert host not in text, f"{page.relative_to(built_site)} references {host}"


def test_bad_problem_stops_the_build_without_traceback(tmp_path: Path) -> None:
    problems = tmp_path / "problems"
    problems.mkdir()
    source = (ROOT / "tests" / "fixtures" / "golden" / "problems" / "tricky-cache.yaml").read_text(encoding="utf-8")
    (problems / "tricky-cache.yaml").write_text(source.replace("      unit: KB", "      unit: KBX"), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(site, problems)
    assert result.returncode == 1
    assert "tricky-cache.yaml:59:7: estimation.inputs[1].unit: unknown unit 'KBX'" in result.stderr
    assert "1 error in 1 file" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "problems").exists()


def test_no_escaped_markup_in_links(built_site: Path) -> None:
    """A link built by concatenating text would be Markdown-escaped: '#' becomes '&#35;'."""
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        bad = [m for m in re.findall(r'href="([^"]*)"', text) if "&#" in m or "&amp;#" in m]
        assert bad == [], f"{page.relative_to(built_site)}: {bad[:3]}"
        assert "<!-- include:" not in text, f"{page.relative_to(built_site)} has an unexpanded include"
