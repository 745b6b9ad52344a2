"""The code stays ruff- and mypy-clean; the editor schema stays in sync with the model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT

RUFF = [sys.executable, "-m", "ruff", "check", "--line-length", "130", "--select", "E,F,W,I,B,UP,SIM",
        "--ignore", "E501", "--target-version", "py311", "scripts", "tests"]
MYPY = [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--python-version", "3.11",
        "scripts/studyguide", "scripts/guide.py", "scripts/mkdocs_hooks.py", "scripts/mkdocs_speedups.py"]
SCHEMA = ROOT / "problems" / "problem.schema.json"


@pytest.mark.parametrize("command", [RUFF, MYPY], ids=["ruff", "mypy"])
def test_linter_is_clean(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_committed_schema_matches_the_model() -> None:
    from guide import schema_text

    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), "run: python scripts/guide.py schema"


def test_every_schema_field_has_a_description() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    missing = [f"{name}.{prop}" for name, node in [("Problem", schema), *schema["$defs"].items()]
               for prop, spec in node.get("properties", {}).items() if not spec.get("description")]
    assert missing == []


@pytest.mark.parametrize("path", sorted((ROOT / "problems").glob("*.yaml")), ids=lambda p: p.name)
def test_problems_pass_the_editor_schema(path: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_problem_files_carry_the_schema_modeline() -> None:
    for path in (ROOT / "problems").glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=problem.schema.json\n"), path.name
