"""Shared fixtures: the repository layout, one strict build of the real site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("repo", deadline=None, print_blob=True)
settings.load_profile("repo")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


def mkdocs_build(dest: Path, extra_problems: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of this repository into `dest`, optionally with extra problems."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if extra_problems is not None:
        env["SDG_EXTRA_PROBLEMS"] = str(extra_problems)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    result = mkdocs_build(dest)
    assert result.returncode == 0, result.stderr
    return dest


def problem_slugs() -> list[str]:
    return sorted(p.stem for p in (ROOT / "problems").glob("*.yaml"))


def site_pages() -> list[str]:
    """Every page of the site as a path of the built HTML (hand-written and generated)."""
    from studyguide.pipeline import Layout, load_site

    layout = Layout.at(ROOT)
    pages = set(load_site(layout).pages()) | {p.relative_to(layout.docs).as_posix() for p in layout.chapter_files()}
    return sorted(page.removesuffix(".md") + ".html" for page in pages)
