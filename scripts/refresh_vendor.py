"""Refresh the vendored front-end assets from the npm registry.

The site must work from disk with no network, so Mermaid and the iframe-worker
shim (offline search on file://) are committed under docs/js/; axe-core, which
the browser tests run on every page, is committed under tests/browser/vendor/.
This script is the only way they should change: it pins exact versions,
downloads the packages with `npm pack`, and copies the one file each that is
loaded, plus the licence.

Usage: python scripts/refresh_vendor.py [--mermaid 11.x.y] [--iframe-worker 1.x.y] [--axe 4.x.y]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

JS_DIR = Path(__file__).resolve().parent.parent / "docs" / "js"
TEST_VENDOR = Path(__file__).resolve().parent.parent / "tests" / "browser" / "vendor"
MERMAID_VERSION = "11.17.2"
IFRAME_WORKER_VERSION = "1.0.4"
AXE_VERSION = "4.14.1"


def npm_pack(spec: str, dest: Path) -> Path:
    """Download one package tarball from the npm registry into dest."""
    out = subprocess.run(
        ["npm", "pack", spec, "--pack-destination", str(dest)],
        check=True, capture_output=True, text=True,
    )
    return dest / out.stdout.strip().splitlines()[-1]


def extract(tarball: Path, members: dict[str, Path]) -> None:
    """Copy the named members of an npm tarball to their targets."""
    with tarfile.open(tarball) as tar:
        for member, target in members.items():
            source = tar.extractfile(f"package/{member}")
            if source is None:
                raise SystemExit(f"{tarball.name}: no file package/{member}")
            target.parent.mkdir(parents=True, exist_ok=True)
            with source, target.open("wb") as out:
                shutil.copyfileobj(source, out)


# The review page's scheduler: FSRS by the open-spaced-repetition project (MIT). The
# UMD build defines the global `FSRS` and carries its version (FSRS.FSRSVersion).
TS_FSRS_VERSION = "5.4.2"


def vendor_ts_fsrs(tmp: Path, version: str) -> None:
    """Copy ts-fsrs's browser bundle and licence into docs/js/vendor/."""
    tarball = npm_pack(f"ts-fsrs@{version}", tmp)
    extract(tarball, {
        "dist/index.umd.js": JS_DIR / "vendor" / "ts-fsrs.umd.js",
        "LICENSE": JS_DIR / "vendor" / "ts-fsrs.LICENSE",
    })
    print(f"vendored ts-fsrs {version} into {JS_DIR / 'vendor'} (update TS_FSRS_VERSION if you changed it)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ts-fsrs", default=TS_FSRS_VERSION)
    parser.add_argument("--mermaid", default=MERMAID_VERSION)
    parser.add_argument("--iframe-worker", default=IFRAME_WORKER_VERSION)
    parser.add_argument("--axe", default=AXE_VERSION)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vendor_ts_fsrs(Path(tmp), args.ts_fsrs)
        mermaid = npm_pack(f"mermaid@{args.mermaid}", Path(tmp))
        extract(mermaid, {
            "dist/mermaid.min.js": JS_DIR / "mermaid.min.js",
            "LICENSE": JS_DIR / "mermaid.LICENSE",
        })
        shim = npm_pack(f"iframe-worker@{args.iframe_worker}", Path(tmp))
        extract(shim, {
            "shim/index.js": JS_DIR / "iframe-worker" / "shim.js",
            "package.json": JS_DIR / "iframe-worker" / "package.json",
        })
        axe = npm_pack(f"axe-core@{args.axe}", Path(tmp))
        extract(axe, {
            "axe.min.js": TEST_VENDOR / "axe.min.js",
            "LICENSE": TEST_VENDOR / "axe.LICENSE",
            "LICENSE-3RD-PARTY.txt": TEST_VENDOR / "axe.LICENSE-3RD-PARTY.txt",
        })
    print(f"vendored mermaid {args.mermaid} and iframe-worker {args.iframe_worker} into {JS_DIR}")
    print(f"vendored axe-core {args.axe} into {TEST_VENDOR}")
    print("update MERMAID_VERSION / IFRAME_WORKER_VERSION / AXE_VERSION in this script if you changed them")


if __name__ == "__main__":
    main()
