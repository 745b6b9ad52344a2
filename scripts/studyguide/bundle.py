"""The offline bundle: the built site in a reproducible zip that opens from disk.

The site is always built for offline use (the offline plugin is on), so the
bundle is the ordinary strict build, zipped with fixed timestamps, modes and
order. The build date comes from the last commit (SOURCE_DATE_EPOCH), so the
same commit gives a byte-identical zip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

FOLDER = "study-guide-offline"
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can hold


def commit_time(root: Path) -> int:
    """Seconds since the epoch of the last commit, or the zip epoch outside a git checkout."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True)
        return int(out.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return ZIP_EPOCH


def build(root: Path, dest: Path, epoch: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(dest)]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)


def write_zip(site: Path, target: Path, epoch: int) -> int:
    """Zip `site` under FOLDER/ with sorted entries and fixed metadata; returns the file count."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    files = sorted(p for p in site.rglob("*") if p.is_file())
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site).as_posix()}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return len(files)


def make_bundle(root: Path, target: Path) -> tuple[int, str]:
    """Build and zip; returns (file count, build stderr). Raises RuntimeError when the build fails."""
    epoch = commit_time(root)
    with tempfile.TemporaryDirectory() as tmp:
        result = build(root, Path(tmp) / "site", epoch)
        if result.returncode != 0:
            raise RuntimeError(result.stderr.strip() or "mkdocs build failed")
        partial = target.with_suffix(".zip.partial")
        count = write_zip(Path(tmp) / "site", partial, epoch)
        partial.replace(target)
    return count, result.stderr
