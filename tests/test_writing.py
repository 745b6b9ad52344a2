"""Hand-written prose: long sentences in chapters and data files (SDG506), shared sentences, jargon."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SLUGS
from studyguide import glossary, mdtext, overlap
from studyguide.data import load_site_data
from studyguide.pipeline import Layout, build_pages, chapter_warnings
from studyguide.reference import Glossary

LONG = " ".join(["Word"] + ["word"] * 43) + "."
SHARED_BOUND = 60  # sentences of 8+ words a chapter may share with problem pages (excerpts); 384 before model v2


def chapter_layout(tmp_path: Path, text: str) -> Layout:
    docs = tmp_path / "docs"
    (docs / "learn").mkdir(parents=True)
    (docs / "learn" / "x.md").write_text(text, encoding="utf-8")
    return Layout(tmp_path, (), ROOT / "templates", docs / "data", docs)


def test_long_sentence_in_a_chapter_is_reported_at_its_line(tmp_path: Path) -> None:
    text = "\n".join([
        "# Title", "",
        "A short sentence. " + LONG[:100], LONG[100:], "",          # a paragraph wrapped over two lines: line 3
        "```text", LONG, "```", "",                                  # code is not prose
        "<!-- include: reference/latency -->", "",
        "| Column | Other |", "|---|---|", f"| fine | {LONG} |", "",  # a table cell: line 14
        "- [A link with many words](x.md) " + LONG,                  # a list item: line 16
    ])
    warnings = chapter_warnings(chapter_layout(tmp_path, text))
    assert [(w.file, w.line, w.code, w.is_error) for w in warnings] == [
        ("docs/learn/x.md", 3, "SDG506", False), ("docs/learn/x.md", 14, "SDG506", False), ("docs/learn/x.md", 16, "SDG506", False)]
    assert str(warnings[0]) == ("docs/learn/x.md:3:1: warning: a sentence of 44 words ('Word word word word word word word word ...'): "
                                "split it, at most 40 words [SDG506]")


def test_real_chapters_have_no_long_sentences() -> None:
    assert [str(w) for w in chapter_warnings(Layout.at(ROOT))] == []


def test_long_sentence_in_a_data_file_is_a_warning_at_its_field(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "docs" / "data", data)
    tradeoffs = data / "tradeoffs.yaml"
    tradeoffs.write_text(tradeoffs.read_text(encoding="utf-8").replace("    cost: >-\n", f"    cost: >-\n      {LONG}\n", 1), encoding="utf-8")
    site, issues = load_site_data(data, tmp_path, SLUGS)
    assert site is not None, "a style warning must not stop the data from loading"
    assert [(i.file, i.path, i.code, i.is_error) for i in issues] == [("data/tradeoffs.yaml", "tradeoffs[0].cost", "SDG506", False)]
    assert issues[0].line > 1


def test_real_data_files_have_no_long_sentences() -> None:
    _, issues = load_site_data(ROOT / "docs" / "data", ROOT, {p.stem for p in (ROOT / "problems").glob("*.yaml")})
    assert [str(i) for i in issues if i.code == "SDG506"] == []


def test_running_text_keeps_words_and_drops_markup() -> None:
    text = "Intro with a [link](a.md#b) and `code`.\n\n```mermaid\nflowchart A --> B\n```\n\n| A | B |\n|---|---|\n| one cell. | two |\n"
    assert list(mdtext.blocks(text)) == [(1, "Intro with a link and code."), (7, "A"), (7, "B"), (9, "one cell."), (9, "two")]
    assert [s for _, s in mdtext.sentences("First one. Second (two) here! Third?")] == ["First one.", "Second (two) here!", "Third?"]


def test_shared_sentences_are_normalised_and_counted_per_chapter() -> None:
    problem = "# P\n\nThe message is stored on a quorum of replicas before the ack.\n\nShort one.\n"
    chapter = "# C\n\nThe message is **stored** on a quorum of [replicas](x.md) before the ack. Short one.\n"
    pages = {"problems/p.md": problem, "learn/a.md": chapter, "learn/b.md": chapter, "components/c.md": chapter}
    found = overlap.shared(pages, ["p"])
    assert found == {"the message is stored on a quorum of replicas before the ack": ["learn/a.md", "learn/b.md"]}
    assert overlap.count(found) == 2


def test_chapters_share_few_sentences_with_problem_pages() -> None:
    """No chapter reprints a problem section: only short excerpts overlap."""
    layout = Layout.at(ROOT)
    found = overlap.shared(build_pages(layout), [p.stem for p in layout.problem_files()])
    print(f"\nchapters share {overlap.count(found)} sentences of {overlap.LEAST}+ words with problem pages (bound {SHARED_BOUND})")
    assert overlap.count(found) <= SHARED_BOUND, "\n".join(found)


def test_jargon_ignores_common_acronyms_and_requirement_ids() -> None:
    terms = Glossary(terms=[{"term": f"term{i}", "definition": "d"} for i in range(59)] + [{"term": "at-least-once", "definition": "d"}])
    pages = ["At-least-once and at-least-once. API API API, N1 N1 N1, F2 F2 F2. GCRA GCRA GCRA and fan-in, fan-in, fan-in."]
    assert glossary.jargon(terms, pages) == [("GCRA", 3), ("fan-in", 3)]


def test_glossary_ends_with_the_marker_for_problem_writers() -> None:
    text = (ROOT / "docs" / "data" / "glossary.yaml").read_text(encoding="utf-8")
    assert "\n# --- terms added by problem writers below ---\n" in text
    assert len(yaml.safe_load(text)["terms"]) >= 60


@pytest.mark.parametrize("command", ["jargon", "shared"])
def test_cli_reports(command: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "guide.py"), command], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert ("undefined term" in last) if command == "jargon" else last.endswith("also appear on problem pages")


def test_a_style_warning_fails_the_strict_build(tmp_path: Path) -> None:
    """The site's strict build counts the pipeline's warnings (a long sentence here)."""
    from conftest import mkdocs_build

    problems = tmp_path / "problems"
    problems.mkdir()
    source = (ROOT / "tests" / "fixtures" / "golden" / "problems" / "tricky-cache.yaml").read_text(encoding="utf-8")
    (problems / "tricky-cache.yaml").write_text(source.replace("summary: >-\n", f"summary: >-\n  {LONG}\n", 1), encoding="utf-8")
    result = mkdocs_build(tmp_path / "site", problems)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "summary: warning: a sentence of 44 words" in result.stderr and "[SDG506]" in result.stderr
