"""The offline bundle, as a learner uses it: unzipped anywhere, opened from disk."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from studyguide.bundle import FOLDER, make_bundle

from .test_pages import check_diagrams, check_search, expected_diagrams


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("bundle") / "study-guide-offline.zip"
    make_bundle(ROOT, target)
    return target


def test_same_commit_same_bytes(bundle: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.zip"
    make_bundle(ROOT, again)
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() == hashlib.sha256(again.read_bytes()).hexdigest()


def test_unzipped_copy_works_from_disk(bundle: Path, tmp_path: Path, visit: object) -> None:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "somewhere else")
    site = tmp_path / "somewhere else" / FOLDER
    origin = site.as_uri()
    seen = visit(f"{origin}/index.html", origin)  # type: ignore[operator]
    page = seen.page
    # A closed sidebar group is pruned to a link to its first problem (navigation.prune)
    page.locator("nav.md-nav--primary a", has_text="Core (45 min)").first.click()
    page.wait_for_url("**/problems/*.html")
    page.locator("nav.md-nav--primary a", has_text="Design a chat system").first.click()
    page.wait_for_url("**/problems/chat-system.html")
    check_diagrams(seen, expected_diagrams(site / "problems" / "chat-system.html"))
    check_search(seen, "Design a chat system", "problems/chat-system.html")
    assert seen.errors == [] and seen.foreign == []


def test_home_page_names_the_folder_the_bundle_unpacks_to() -> None:
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert f"`{FOLDER}/index.html`" in home
