"""axe-core for accessibility checks: installed from npm on first use into tests/browser/.axe/ (gitignored).

`violations(page)` runs axe on the page as it stands and returns the serious and
critical violations, each as 'rule: target (summary)'.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

VERSION = "4.14.1"
FOLDER = Path(__file__).resolve().parent / ".axe"
SCRIPT = FOLDER / "node_modules" / "axe-core" / "axe.min.js"


def axe_script() -> Path:
    """The pinned axe-core, installed with npm when missing (a test fails with the reason if it cannot be)."""
    if SCRIPT.exists() and f'"version": "{VERSION}"' in (SCRIPT.parent / "package.json").read_text(encoding="utf-8"):
        return SCRIPT
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("axe-core is missing and npm is not installed: apt-get install npm, or put axe.min.js in " + str(SCRIPT.parent))
    FOLDER.mkdir(exist_ok=True)
    result = subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(FOLDER), f"axe-core@{VERSION}"],
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not SCRIPT.exists():
        pytest.fail(f"could not install axe-core {VERSION} with npm:\n{result.stderr}")
    return SCRIPT


def violations(page: object, within: str = "") -> list[str]:
    """Serious and critical axe violations on the page, as 'rule: target (summary)'.

    axe checks the whole page (some rules look across it); with `within` (a CSS selector),
    only violations at elements inside a match are returned."""
    page.add_script_tag(path=str(axe_script()))  # type: ignore[attr-defined]
    found = page.evaluate("""async (within) => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        const inside = (target) => {
            if (!within) return true;
            const node = typeof target[0] === 'string' ? document.querySelector(target[0]) : null;
            return !!(node && node.closest(within));
        };
        return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .flatMap(v => v.nodes.filter(n => inside(n.target))
                .map(n => `${v.id}: ${n.target.join(' ')} (${(n.failureSummary || '').split('\\n').slice(1).join(' ').trim()})`));
    }""", within)  # type: ignore[attr-defined]
    return list(found)
