"""MkDocs hook: add the generated problem pages to the build.

Only an adapter: the pipeline is `studyguide.pipeline.build_pages`, a plain
function. Bad problem files stop the build with the validator's report and
no traceback; `mkdocs serve` keeps serving the last good build.
Set SDG_PROBLEMS to build from another problems folder (tests use it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))

from studyguide.errors import UserError  # noqa: E402
from studyguide.pipeline import Layout, build_pages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def on_files(files: Files, config: dict) -> Files:
    problems = os.environ.get("SDG_PROBLEMS")
    layout = Layout.at(ROOT, Path(problems).resolve() if problems else None)
    try:
        pages = build_pages(layout)
    except UserError as exc:
        raise PluginError(f"invalid problem files:\n{exc}") from None
    for path, markdown in pages.items():
        files.append(File.generated(config, path, content=markdown))
    return files
