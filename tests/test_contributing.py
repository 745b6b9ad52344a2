"""The contributor path: the scaffold, CONTRIBUTING.md's example and its error-code table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT
from studyguide.scaffold import skeleton
from studyguide.validate import validate_files

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def codes_in(text: str) -> set[str]:
    return set(re.findall(r"SDG\d{3}", text))


def test_every_code_is_documented_and_tested() -> None:
    emitted = set().union(*(codes_in(p.read_text(encoding="utf-8")) for p in (ROOT / "scripts").rglob("*.py")))
    table = codes_in("\n".join(line for line in CONTRIBUTING.splitlines() if line.startswith("| SDG")))
    tested = set().union(*(codes_in(p.read_text(encoding="utf-8")) for p in (ROOT / "tests").glob("test_*.py")))
    assert emitted == table
    assert emitted - tested == set()


def test_the_complete_example_is_valid(tmp_path: Path) -> None:
    block = re.search(r"```yaml\n(# yaml-language-server.*?)```", CONTRIBUTING, re.S)
    assert block is not None
    path = tmp_path / "id-generator.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    _, issues = validate_files([path], tmp_path)
    assert [str(i) for i in issues] == []


def test_skeleton_round_trip(tmp_path: Path) -> None:
    """A fresh skeleton parses, names every section, and fails only where content is missing."""
    text = skeleton("leaderboard", "Design a leaderboard", "core")
    assert text.startswith("# yaml-language-server: $schema=problem.schema.json\n")
    data = yaml.safe_load(text)
    assert list(data)[:5] == ["slug", "title", "difficulty", "focus", "summary"]
    path = tmp_path / "leaderboard.yaml"
    path.write_text(text, encoding="utf-8")
    _, issues = validate_files([path], tmp_path)
    assert issues, "an empty skeleton must not validate"
    assert {i.code for i in issues} <= {"SDG103", "SDG104", "SDG106"}
    assert all(i.message.startswith(("must not be empty: ", "expected one of: ", "expected at least")) for i in issues)
    assert '- ""' not in text, "a placeholder item stays behind, failing, when the author adds items below it"


def test_new_refuses_bad_and_existing_slugs() -> None:
    def new(slug: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "scripts" / "guide.py"), "new", slug, "--title", "T", "--difficulty", "core"],
                              capture_output=True, text=True)

    assert new("Bad_Slug").stderr.strip() == ("guide.py new: 'Bad_Slug' is not a valid slug: use lowercase words joined by "
                                             "hyphens, e.g. leaderboard or news-feed")
    assert new("chat-system").stderr.strip() == "guide.py new: problems/chat-system.yaml already exists: pick another slug or edit that file"
    assert not (ROOT / "problems" / "Bad_Slug.yaml").exists()


def test_workflows_pass_the_github_schema() -> None:
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_run_what_the_readme_promises() -> None:
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    deploy = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert "guide.py validate" in ci and "scripts/test.sh" in ci and "mkdocs build --strict" in ci
    assert "actions/deploy-pages" in deploy and "guide.py bundle" in deploy and "study-guide-offline.zip" in deploy


def test_issue_templates_have_front_matter() -> None:
    for path in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        assert {"name", "about"} <= set(front), path.name
