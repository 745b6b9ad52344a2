"""Golden pages: the rendered Markdown of the fixture problem, byte for byte.

Run `pytest tests/test_golden.py --update-golden` after an intended change and
review the diff of tests/fixtures/golden/expected/ like any other change.
"""

from __future__ import annotations

import difflib

import pytest
from conftest import ROOT
from studyguide.pipeline import Layout, load_site

GOLDEN = ROOT / "tests" / "fixtures" / "golden"
PAGES = ["problems/tricky-cache.md"]


def render_fixture() -> dict[str, str]:
    """The fixture problem's page, rendered beside the real problems."""
    pages = load_site(Layout.at(ROOT, GOLDEN / "problems")).pages()
    return {name: pages[name] for name in PAGES}


def test_golden_pages(request: pytest.FixtureRequest) -> None:
    pages = render_fixture()
    expected_dir = GOLDEN / "expected"
    if request.config.getoption("--update-golden"):
        for name, text in pages.items():
            target = expected_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    stored = sorted(str(p.relative_to(expected_dir)) for p in expected_dir.rglob("*.md"))
    assert stored == sorted(pages), "golden file set differs; run with --update-golden"
    for name, text in pages.items():
        want = (expected_dir / name).read_text(encoding="utf-8")
        if text != want:
            diff = "".join(difflib.unified_diff(want.splitlines(True), text.splitlines(True), f"golden/{name}", f"rendered/{name}"))
            pytest.fail(f"{name} differs from its golden file (rerun with --update-golden if intended):\n{diff}")


def test_rendering_is_deterministic() -> None:
    assert render_fixture() == render_fixture()


def test_sections_in_order() -> None:
    page = render_fixture()["problems/tricky-cache.md"]
    anchors = ["requirements", "estimation", "api", "architecture", "deep-dives", "tradeoffs", "wrap-up"]
    positions = [page.index(f"{{: #{a} }}") for a in anchors]
    assert positions == sorted(positions)
    assert page.index("### 5.1 Data model") < page.index("### 5.2 ")


def test_pacing_sums_to_the_time_budget() -> None:
    page = render_fixture()["problems/tricky-cache.md"]
    rows = [line for line in page.splitlines() if line.startswith("| [") and "](#" in line and line.count("|") == 4]
    minutes = [int(row.split("|")[2]) for row in rows]
    assert len(minutes) == 7 and sum(minutes) == 30
    assert int(rows[-1].split("|")[3]) == 30
