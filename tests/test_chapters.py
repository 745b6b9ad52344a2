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


def test_latency_shows_todays_figures_with_their_sources(site: Site) -> None:
    markdown = fragment(site.sources, "reference/latency", "learn/estimation.md") or ""
    rows = {r[0]: r for r in cell_rows(markdown)[1:]}
    for row in site.data.reference.latency:
        today = rows[row.operation][3]
        assert (today != "same") == (row.today is not None), row.operation
        assert f"**{row.operation}** ({row.year}): " in markdown
        if row.today is not None:
            assert f"**{row.operation}, today** ({row.today.year}): " in markdown
    compact = cell_rows(fragment(site.sources, "reference/latency-compact", "cheat-sheet.md") or "")
    assert [r[1:] for r in compact[1:]] == [r[1:2] + r[3:4] for r in cell_rows(markdown)[1:]]


def test_base62_code_space_is_computed(site: Site) -> None:
    rows = cell_rows(fragment(site.sources, "reference/base62", "cheat-sheet.md") or "")[1:]
    assert [r[:2] for r in rows] == [["6", "56.8B"], ["7", "3.52T"], ["8", "218T"]]
    assert rows[0][2] == "1.8 years"  # 62^6 codes at 1K a second: 5.68e7 s


def test_worked_estimates_are_computed_by_the_engine(site: Site) -> None:
    def values(name: str) -> dict[str, str]:
        return {r[0]: r[2].strip("*") for r in cell_rows(fragment(site.sources, f"reference/worked/{name}", "learn/estimation.md") or "")[1:]}

    assert values("littles_law")["Requests in flight"] == "2K"              # 10K/s x 200 ms
    assert values("littles_law")["Busy database connections"] == "10"      # 5K/s x 2 ms
    assert values("memory_per_connection")["Connection memory for the whole fleet"] == "40 GB"  # 2M x 20 KB
    assert values("disk_iops")["Spinning disks needed"] == "14"            # ceil(20K x 0.1 / 150)
    assert {f"reference/worked/{w.id}" for w in site.data.reference.worked} <= set(fragments_included("learn/estimation.md"))


def fragments_included(page: str) -> list[str]:
    return re.findall(r"<!-- include: ([\w/.-]+) -->", (ROOT / "docs" / page).read_text(encoding="utf-8"))


def test_cheat_sheet_is_generated_from_the_data() -> None:
    text = (ROOT / "docs" / "cheat-sheet.md").read_text(encoding="utf-8")
    assert not [line for line in text.splitlines() if line.startswith("|")], "the cheat sheet hand-types a table"
    assert {"reference/one-liners", "reference/latency-compact", "reference/availability", "reference/base62"} <= set(fragments_included("cheat-sheet.md"))
    assert '<div class="cheat-sheet" markdown>' in text


def test_one_liners_cover_the_rules_interviews_quote(site: Site) -> None:
    names = " ".join(r.name.lower() for r in site.data.reference.one_liners)
    for rule in ("little's law", "token bucket", "base62", "snowflake", "quorum", "redirect", "rejection",
                 "availability in series", "availability in parallel", "memory per connection", "disk iops"):
        assert rule in names, rule


def test_every_classic_tradeoff_is_taught_under_its_anchor(site: Site) -> None:
    included = fragments_included("learn/deep-dives-and-tradeoffs.md")
    assert [f"tradeoffs/{t.id}" for t in site.data.tradeoffs.tradeoffs] == [i for i in included if i.startswith("tradeoffs/")]
    assert "## The classic tradeoffs {: #classic-tradeoffs }" in (ROOT / "docs" / "learn" / "deep-dives-and-tradeoffs.md").read_text(encoding="utf-8")
    assert "deep-dives-and-tradeoffs.md#classic-tradeoffs" in site.pages()["problems/tradeoffs.md"]


def test_in_practice_lists_follow_the_problems_tags(site: Site) -> None:
    from studyguide.fragments import Sources
    from studyguide.validate import validate_files

    golden = ROOT / "tests" / "fixtures" / "golden" / "problems" / "tricky-cache.yaml"
    valid, _ = validate_files([golden], ROOT)
    sources = Sources(site.sources.templates, site.data, {"tricky-cache": valid[0]})
    tagged = fragment(sources, "tradeoffs/cache_aside_vs_write_through", "learn/deep-dives-and-tradeoffs.md") or ""
    assert "- **Cache-aside** in [Design a" in tagged
    assert "(../problems/tricky-cache.md#tradeoff-write-policy) (*Write policy*), decided by [N1](../problems/tricky-cache.md#req-n1)." in tagged
    assert "no practice problem faces this decision yet" in (fragment(sources, "tradeoffs/build_vs_buy", "learn/x.md") or "")


def test_an_indented_include_is_indented_to_match(site: Site) -> None:
    from studyguide.fragments import expand

    text, issues = expand(site.sources, "??? example \"Codes\"\n    <!-- include: reference/base62 -->\n", "learn/x.md")
    assert issues == []
    body = text.splitlines()[1:]
    assert body and all(line.startswith("    |") or not line for line in body), text
