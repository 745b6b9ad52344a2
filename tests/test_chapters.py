"""The framework chapters: reading order, links onward, and tables that match their data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from studyguide.fragments import fragment
from studyguide.pipeline import Layout, Site, load_site


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(Layout.at(ROOT))


def chapter_order() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    method = next(entry["The method"] for entry in config["nav"] if isinstance(entry, dict) and "The method" in entry)
    return list(method)


def next_section(page: str) -> str:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert "\n## Next\n" in text, f"{page} has no Next section"
    return text.split("\n## Next\n", 1)[1]


@pytest.mark.parametrize("page", chapter_order())
def test_every_chapter_links_the_next_and_a_problem(page: str) -> None:
    order = chapter_order()
    tail = next_section(page)
    if page != order[-1]:
        assert f"]({Path(order[order.index(page) + 1]).name})" in tail, f"{page} does not link the next chapter"
    assert re.search(r"\]\(\.\./problems/[a-z-]+\.md", tail), f"{page} does not link a practice problem"


def cell_rows(markdown: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in markdown.splitlines() if line.startswith("| ") and "---" not in line]


def test_availability_is_computed(site: Site) -> None:
    rows = cell_rows(fragment(site.sources, "reference/availability", "learn/estimation.md") or "")
    table = {r[0]: r[2] for r in rows[1:]}
    assert table == {"99 %": "3.65 days", "99.9 %": "8.76 h", "99.95 %": "4.38 h", "99.99 %": "52.6 min", "99.999 %": "5.26 min"}


def test_latency_rows_follow_the_data(site: Site) -> None:
    rows = cell_rows(fragment(site.sources, "reference/latency", "learn/estimation.md") or "")[1:]
    data = site.data.reference.latency
    assert [r[0] for r in rows] == [d.operation for d in data]
    assert rows[0][1] == "1 ns" and rows[0][2] == "1 s"
    ram = next(r for r in rows if r[0].lower().startswith("main memory") or "RAM" in r[0] or "memory" in r[0].lower())
    assert ram[1] == "100 ns" and ram[2] == "1.67 min"


def test_throughput_ranges(site: Site) -> None:
    rows = cell_rows(fragment(site.sources, "reference/throughput", "learn/estimation.md") or "")[1:]
    assert len(rows) == len(site.data.reference.throughput)
    assert all(re.fullmatch(r"[\d.]+[KMB]?(-[\d.]+[KMB]?|\+)/s", r[1]) for r in rows), rows


def test_pacing_tables_sum_to_the_interview(site: Site) -> None:
    markdown = fragment(site.sources, "framework/pacing", "learn/framework.md") or ""
    for minutes, table in zip((30, 45, 60), markdown.split("=== ")[1:], strict=True):
        rows = cell_rows("\n".join(line.strip() for line in table.splitlines()))[1:]
        for column in (1, 4, 7):
            shares = [int(r[column]) for r in rows if len(r) > column and r[column].isdigit()]
            assert sum(shares) == minutes


def test_component_pages_list_exactly_the_problems_using_them(site: Site) -> None:
    pages = site.pages()
    for guide in site.data.components.components:
        page = pages[f"components/{guide.kind.replace('_', '-')}.md"]
        listed = set(re.findall(r"\(\.\./problems/([a-z-]+)\.md#architecture\)", page))
        using = {v.problem.slug for v in site.problems if any(c.kind == guide.kind for c in v.problem.architecture.components)}
        assert listed == using, guide.kind


def test_problem_pages_link_their_components(site: Site) -> None:
    pages = site.pages()
    for valid in site.problems:
        page = pages[f"problems/{valid.problem.slug}.md"]
        for kind in {c.kind for c in valid.problem.architecture.components}:
            assert f"(../components/{kind.replace('_', '-')}.md)" in page


def test_focus_index_lists_every_tag(site: Site) -> None:
    page = site.pages()["problems/focus.md"]
    for valid in site.problems:
        for tag in valid.problem.focus:
            row = next(line for line in page.splitlines() if line.startswith(f"| {tag} |") or line.startswith(f"| {tag.replace('_', '&#95;')} |"))
            assert f"({valid.problem.slug}.md)" in row
