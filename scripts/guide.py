#!/usr/bin/env python3
"""The study guide's command line.

    python scripts/guide.py validate [FILES...]   check problems (default: all problems, data files and includes)
    python scripts/guide.py schema [OUT]          write the JSON Schema exported from the model
    python scripts/guide.py render DIR            write the generated Markdown pages into DIR
    python scripts/guide.py new SLUG --title T --difficulty D   scaffold problems/SLUG.yaml
    python scripts/guide.py bundle [--out ZIP]    build the offline site and zip it (reproducible)
    python scripts/guide.py deck [--out APKG]     write every flashcard as an Anki deck (reproducible)
    python scripts/guide.py jargon [--least N]    frequent acronyms and hyphenated terms the glossary lacks
    python scripts/guide.py shared [-v]           sentences the chapters share with problem pages

Bad input ends with a list of `file:line:col: field.path: message` lines and
exit status 1; it never prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from studyguide import anki, cards, glossary, overlap  # noqa: E402
from studyguide.bundle import FOLDER, commit_time, make_bundle  # noqa: E402
from studyguide.errors import Issue, UserError, internal_error, summary  # noqa: E402
from studyguide.model import Problem  # noqa: E402
from studyguide.pipeline import Layout, build_pages, chapter_warnings, check_chapters, load_site  # noqa: E402
from studyguide.scaffold import check_slug, skeleton  # noqa: E402
from studyguide.validate import validate_files  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "problems" / "problem.schema.json"


def print_issues(issues: list[Issue]) -> None:
    for issue in issues:
        print(issue)
    print(summary(issues))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for issue in issues:
            print(issue.annotation())


def triage(issues: list[Issue], ignore: set[str], strict: bool) -> list[Issue]:
    """Drop ignored codes; under --strict every warning counts as an error."""
    kept = [i for i in issues if i.code not in ignore]
    return [i.as_error() for i in kept] if strict else kept


def cmd_validate(args: argparse.Namespace) -> int:
    files = [Path(f) for f in args.files] or Layout.at(ROOT).problem_files()
    missing = [f for f in files if not f.is_file()]
    if missing:
        for f in missing:
            print(f"{f}: no such file", file=sys.stderr)
        return 2
    if args.files:
        valid, issues = validate_files(files, Path.cwd())
        count = len(valid)
    else:
        count, issues = validate_site()
    issues = triage(issues, set(args.ignore), args.strict)
    if issues:
        print_issues(issues)
        return 1 if any(i.is_error for i in issues) else 0
    print(f"{count} problem{'s' if count != 1 else ''} valid, 0 errors")
    return 0


def validate_site() -> tuple[int, list[Issue]]:
    """Every problem, every data file and every include in the docs."""
    try:
        site = load_site(Layout.at(ROOT))
    except UserError as exc:
        return 0, sorted(exc.issues + exc.warnings)
    return len(site.problems), [*site.warnings, *check_chapters(site), *chapter_warnings(site.layout)]


def schema_text() -> str:
    schema = Problem.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "System-design practice problem"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def cmd_schema(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else SCHEMA_PATH
    out.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {out}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    try:
        pages = build_pages(Layout.at(ROOT, Path(args.add_problems) if args.add_problems else None))
    except UserError as exc:
        print_issues(exc.issues)
        print("nothing written", file=sys.stderr)
        return 1
    out = Path(args.dir)
    for name, text in pages.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {out}")
    return 0


def _pages(args: argparse.Namespace) -> tuple[Layout, dict[str, str]] | None:
    """Every page of the site (generated and hand-written), or None after printing why not."""
    layout = Layout.at(ROOT, Path(args.add_problems) if args.add_problems else None)
    try:
        return layout, build_pages(layout)
    except UserError as exc:
        print_issues(exc.issues)
        return None


def cmd_jargon(args: argparse.Namespace) -> int:
    built = _pages(args)
    if built is None:
        return 1
    layout, pages = built
    data = load_site(layout).data
    found = glossary.jargon(data.glossary, [text for page, text in pages.items() if page != "glossary.md"], args.least)
    for word, count in found:
        print(f"{count:5}  {word}")
    print(f"{len(found)} undefined term{'s' if len(found) != 1 else ''} used {args.least}+ times; define the real jargon in docs/data/glossary.yaml")
    return 0


def cmd_shared(args: argparse.Namespace) -> int:
    built = _pages(args)
    if built is None:
        return 1
    layout, pages = built
    found = overlap.shared(pages, [p.stem for p in layout.problem_files()])
    if args.verbose:
        for sentence, chapters in found.items():
            print(f"{', '.join(chapters)}: {sentence}")
    print(f"{overlap.count(found)} sentences of {overlap.LEAST}+ words in the chapters also appear on problem pages")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    existing = {p.stem for p in (ROOT / "problems").glob("*.yaml")}
    problem = check_slug(args.slug, existing)
    if problem:
        print(f"guide.py new: {problem}", file=sys.stderr)
        return 2
    if not args.title.strip():
        print("guide.py new: --title must not be empty, e.g. --title \"Design a leaderboard\"", file=sys.stderr)
        return 2
    target = ROOT / "problems" / f"{args.slug}.yaml"
    target.write_text(skeleton(args.slug, args.title.strip(), args.difficulty), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}: fill it in, then run: .venv/bin/python scripts/guide.py validate {target.relative_to(ROOT)}")
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:
    target = Path(args.out)
    try:
        count, _ = make_bundle(ROOT, target)
    except RuntimeError as exc:
        print(f"guide.py bundle: the site did not build, nothing written:\n{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"guide.py bundle: cannot write {target}: {exc.strerror}", file=sys.stderr)
        return 1
    size = target.stat().st_size / 1e6
    print(f"wrote {target} ({count} files, {size:.1f} MB): unzip it anywhere and open {FOLDER}/index.html")
    return 0


def cmd_deck(args: argparse.Namespace) -> int:
    try:
        site = load_site(Layout.at(ROOT))
    except UserError as exc:
        print_issues(exc.issues)
        print("nothing written", file=sys.stderr)
        return 1
    all_cards, all_decks = cards.cards(site.problems, site.data), cards.decks(site.problems)
    target = Path(args.out)
    anki.write_deck(all_cards, all_decks, target, commit_time(ROOT), args.site_url)
    for row in cards.counts(all_cards, all_decks):
        kinds = ", ".join(f"{n} {cards.KINDS[k].lower()}" for k, n in row["kinds"].items() if n)
        print(f"{row['deck'].title}: {row['total']} cards ({kinds})")
    print(f"wrote {target} ({len(all_cards)} cards in {len(all_decks)} decks): open it with Anki")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guide.py", description="System-design study guide tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="validate problem files (default: the whole site)")
    validate.add_argument("files", nargs="*", help="problem files (default: problems/*.yaml, docs/data/*.yaml and docs includes)")
    validate.add_argument("--ignore", action="append", default=[], metavar="CODE",
                          help="leave out findings with this code (repeatable), e.g. for drafts")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.set_defaults(run=cmd_validate)
    schema = commands.add_parser("schema", help="write the JSON Schema for problem files")
    schema.add_argument("out", nargs="?", help=f"output file (default: {SCHEMA_PATH.relative_to(ROOT)})")
    schema.set_defaults(run=cmd_schema)
    new = commands.add_parser("new", help="scaffold a new problem file")
    new.add_argument("slug", help="file name without .yaml: lowercase words joined by hyphens")
    new.add_argument("--title", required=True, help='page title, e.g. "Design a leaderboard"')
    new.add_argument("--difficulty", required=True, choices=["warm-up", "core", "advanced"])
    new.set_defaults(run=cmd_new)
    bundle = commands.add_parser("bundle", help="build the offline site and zip it reproducibly")
    bundle.add_argument("--out", default="study-guide-offline.zip", help="zip file to write (default: %(default)s)")
    bundle.set_defaults(run=cmd_bundle)
    deck = commands.add_parser("deck", help="write every flashcard as an Anki deck (.apkg), reproducibly")
    deck.add_argument("--out", default="study-guide.apkg", help="deck file to write (default: %(default)s)")
    deck.add_argument("--site-url", default=os.environ.get("SITE_URL", ""), metavar="URL",
                      help="where the site is published, so each card links to its section (default: $SITE_URL, else no link)")
    deck.set_defaults(run=cmd_deck)
    render = commands.add_parser("render", help="write the generated Markdown pages")
    render.add_argument("dir", help="output directory")
    render.add_argument("--add-problems", metavar="DIR", help="also render the problems in DIR (drafts, fixtures)")
    render.set_defaults(run=cmd_render)
    jargon = commands.add_parser("jargon", help="list frequent jargon the glossary does not define")
    jargon.add_argument("--least", type=int, default=3, metavar="N", help="only terms used at least N times (default: %(default)s)")
    jargon.add_argument("--add-problems", metavar="DIR", help="also read the problems in DIR (drafts, fixtures)")
    jargon.set_defaults(run=cmd_jargon)
    shared = commands.add_parser("shared", help="count sentences the chapters share with problem pages")
    shared.add_argument("-v", "--verbose", action="store_true", help="list each shared sentence")
    shared.add_argument("--add-problems", metavar="DIR", help="also read the problems in DIR (drafts, fixtures)")
    shared.set_defaults(run=cmd_shared)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except BrokenPipeError:  # output piped into `head` and closed: not an error worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # a bug, not bad input: one coded line, never a traceback
        print(internal_error(f"guide.py {args.command}", exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
