"""The whole pipeline as one plain function: problems in, `{page path: markdown}` out.

MkDocs calls it from a hook; `guide.py render DIR` calls it to write files.
Nothing here knows about MkDocs, so the same Markdown can be built by
whatever replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .compute import index_context, page_context
from .errors import UserError
from .framework import load_framework
from .render import render
from .validate import Valid, validate_files


@dataclass(frozen=True)
class Layout:
    """Where the pipeline reads from."""

    root: Path
    problems: Path
    templates: Path
    framework: Path

    @classmethod
    def at(cls, root: Path, problems: Path | None = None) -> Layout:
        """The standard layout of a checkout; `problems` may point elsewhere (tests, drafts)."""
        return cls(root, problems or root / "problems", root / "templates", root / "docs" / "data" / "framework.yaml")

    def problem_files(self) -> list[Path]:
        return sorted(self.problems.glob("*.yaml"))


def validate(layout: Layout) -> list[Valid]:
    valid, issues = validate_files(layout.problem_files(), layout.root)
    if issues:
        raise UserError(issues)
    return valid


def build_pages(layout: Layout) -> dict[str, str]:
    """Validate every problem and render its page and the index; raise UserError on bad input."""
    valid = validate(layout)
    framework = load_framework(layout.framework)
    pages = {"problems/index.md": render(layout.templates, "index.md.j2", index_context(valid))}
    for item in valid:
        context = page_context(item, framework)
        pages[f"problems/{item.problem.slug}.md"] = render(layout.templates, "problem.md.j2", context)
    return dict(sorted(pages.items()))
