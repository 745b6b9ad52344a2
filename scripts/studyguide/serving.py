"""The built site is replaced whole or not at all, and a preview server survives broken saves.

- A build writes into a staging folder next to the site folder; only a build that ends
  cleanly (no error, and no warning under strict) swaps it in. A failed build leaves the
  previous site exactly as it was.
- Under `mkdocs serve`, a failed rebuild keeps serving the last good build instead of
  stalling every request, and writes the errors to `STATUS` in it; the page's overlay script
  (docs/js/serve-overlay.js, loaded only under serve) shows them over the open page.
- Under `mkdocs serve`, a file that is slow to make and that no page shows (the Anki deck)
  is written after the build, in the background (`write_later`), so a save reaches the
  page without waiting for it.

Nothing here imports MkDocs: the hook passes in folders, a builder and a logger name.
MkDocs re-imports hook files for every rebuild, but this module is imported once, so the
session state below lasts as long as the server.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Issue

STATUS = "sdg-build-status.json"
OVERLAY_FILES = ("js/serve-overlay.js", "css/serve-overlay.css")
_ISSUE = re.compile(r"^(?P<where>\S.*?:\d+:\d+): (?P<message>.*?)(?: \[(?P<code>SDG\d{3})\])?$")
log = logging.getLogger("mkdocs.hooks.studyguide")


@dataclass
class Session:
    """What lasts across rebuilds: whether we are serving, and whether a build has succeeded yet."""

    serving: bool = False
    dirty: bool = False
    good_build: bool = False
    notes: list[Issue] = field(default_factory=list)  # shown in the overlay of the next good build


SESSION = Session()
_LATER = itertools.count(1)
_latest = 0  # the newest write_later request; older ones give way to it
_written: dict[str, bytes] = {}  # what write_later last wrote, by name


def staging_for(site_dir: Path) -> Path:
    return site_dir.with_name(site_dir.name + ".building")


def begin(site_dir: Path) -> Path:
    """A fresh, empty staging folder for a build of `site_dir` (left-overs of a killed build are removed)."""
    staging = staging_for(site_dir)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def swap(staging: Path, site_dir: Path) -> None:
    """Put the finished build in place of the old site with two renames; the old site goes away."""
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    had_site = site_dir.exists()
    if had_site:
        site_dir.rename(old)
    try:
        staging.rename(site_dir)
    except OSError:
        if had_site:
            old.rename(site_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def report_lines(text: str) -> list[dict[str, str]]:
    """Log text as overlay entries: `file:line:col: message [CODE]` lines split into their parts."""
    entries = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("invalid study-guide sources", "Aborted with")) or re.fullmatch(r"\d+ errors?.* in \d+ files?", line):
            continue
        match = _ISSUE.match(line)
        if match:
            entries.append({"where": match["where"], "code": match["code"] or "", "message": match["message"]})
        else:
            entries.append({"where": "", "code": "", "message": line})
    return entries


def write_status(site_dir: Path, entries: list[dict[str, str]], shown: str) -> None:
    """The overlay's input: the findings, and what the page shows: "last good" (the save did not
    build), "left out" (a first build without the problems that have errors) or "built" (warnings only)."""
    status = {"shown": shown, "errors": entries}
    (site_dir / STATUS).write_text(json.dumps(status, ensure_ascii=False, indent=1), encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def collected(logger: str) -> Iterator[_Collect]:
    """Every warning and error logged under `logger` while the block runs."""
    handler = _Collect()
    target = logging.getLogger(logger)
    target.addHandler(handler)
    try:
        yield handler
    finally:
        target.removeHandler(handler)


def keep_last_good(builder: Callable[[], None], site_dir: Path, logger: str = "mkdocs") -> Callable[[], None]:
    """A rebuild that never raises: on failure the last good build stays, with the errors for the overlay.

    MkDocs' server otherwise waits for a successful build before answering any request,
    so one broken save would hang every open page until the file is fixed.
    """
    def rebuild() -> None:
        with collected(logger) as seen:
            try:
                builder()
            except Exception as exc:  # noqa: BLE001 - any failure must leave the server answering
                entries = report_lines("\n".join([*seen.lines, str(exc)]))
                if site_dir.is_dir():
                    write_status(site_dir, entries, "last good")
                log.error("The build failed: the server keeps the last good build and shows these errors on the open page.")
    return rebuild


def write_later(site_dir: Path, name: str, produce: Callable[[], bytes]) -> threading.Thread:
    """Write `produce()` to `site_dir/name` from a background thread, atomically, unless a newer
    request came in meanwhile (its build replaced the site, or its bytes will)."""
    global _latest
    request = _latest = next(_LATER)

    def work() -> None:
        try:
            data = produce()
        except Exception as exc:  # a bug: the page still works, the download is missing
            log.error("could not write %s: %s", name, exc)
            return
        if request != _latest or not site_dir.is_dir():
            return
        target = site_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(data)
        partial.replace(target)
        _written[name] = data

    thread = threading.Thread(target=work, name=f"write {name}", daemon=True)
    thread.start()
    return thread


def written(name: str) -> bytes:
    """What write_later last wrote to `name` (empty before the first time): the build puts it in
    place, so links to the file resolve, and the background write replaces it."""
    return _written.get(name, b"")
