"""Hard limits and hostile input: each case edits the golden fixture and states the exact report.

Line numbers refer to the edited file. The fuzz suite (test_fuzz.py) checks the same
properties on random mutations; these are the cases an attack on main found, kept exact.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from conftest import ROOT
from studyguide import validate
from studyguide.load import load_text
from test_validate import BASE, edited, report

ALIAS_BOMB = "difficulty: warm-up\nbomb0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "\n".join(
    f"bomb{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8))
RAW_MERMAID = ("  extra_diagrams:\n    - title: States\n      mermaid: |\n        stateDiagram-v2\n          [*] --> A\n"
               "          click A call alert(1)\n          A --> B: <img src=x onerror=alert(1)>\n        %%{init: {}}%%\ndeep_dives:\n")

CASES = {
    "alias bomb": ("difficulty: warm-up", ALIAS_BOMB,
                   ["tricky-cache.yaml:10:28: aliases expand to more than 50,000 values; write the values out [SDG003]"]),
    "nesting depth": ("difficulty: warm-up", "difficulty: " + "[" * 40 + "]" * 40,
                      ["tricky-cache.yaml:5:44: nesting deeper than 32 levels; a problem file needs fewer than 10 [SDG003]"]),
    "400-digit integer": ("      value: 10M", "      value: " + "9" * 400,
                          ["tricky-cache.yaml:63:14: estimation.inputs[2].value: number out of range: '999999999999…(400 "
                           "characters)'; numbers must be finite and at most 1e18 in size [SDG309]"]),
    "5000-digit integer": ("      value: 10M", "      value: " + "9" * 5000,
                           ["tricky-cache.yaml:63:14: estimation.inputs[2].value: number out of range: '999999999999…(5000 "
                            "characters)'; numbers must be finite and at most 1e18 in size [SDG309]"]),
    "infinite input": ("      value: 10M", "      value: .inf",
                       ["tricky-cache.yaml:63:14: estimation.inputs[2].value: number out of range: '.inf'; numbers must be "
                        'finite and at most 1e18 in size [SDG309]']),
    "huge literal in a formula": ("formula: keys * value_size", "formula: keys * value_size * 1e400",
                                  ["tricky-cache.yaml:84:36: estimation.derived[2].formula: number out of range: '1e400'; numbers must "
                                   'be finite and at most 1e18 in size [SDG309]']),
    "huge exponent": ("formula: keys * value_size", "formula: keys ^ 400 * value_size",
                      ['tricky-cache.yaml:84:23: estimation.derived[2].formula: exponent too large: 400 (at most 100) '
                       '[SDG309]']),
    "10,000-term formula": ("formula: keys * value_size", "formula: " + " + ".join(["keys"] * 10000) + " * value_size",
                            ['tricky-cache.yaml:84:316: estimation.derived[2].formula: formula too long: 70,010 characters (at '
                             'most 300); split it into several derived rows [SDG310]']),
    "1,000 nested parentheses": ("formula: keys * value_size", "formula: " + "(" * 1000 + "keys" + ")" * 1000 + " * value_size",
                                 ['tricky-cache.yaml:84:316: estimation.derived[2].formula: formula too long: 2,017 characters (at '
                                  'most 300); split it into several derived rows [SDG310]']),
    "20 nested parentheses": ("formula: keys * value_size", "formula: " + "(" * 20 + "keys" + ")" * 20 + " * value_size",
                              ['tricky-cache.yaml:84:32: estimation.derived[2].formula: formula nested too deeply (more than 16 '
                               'levels of parentheses, ceil() or signs); split it into several derived rows [SDG310]']),
    "overflow to infinity": ("formula: keys * value_size", "formula: keys ^ 100 * keys ^ 100 * value_size",
                             ['tricky-cache.yaml:84:7: estimation.derived[2].formula: the result overflows: check the formula and '
                              'its inputs [SDG307]']),
    "infinity minus infinity": ("formula: keys * value_size", "formula: (keys ^ 100 * keys ^ 100 - keys ^ 100 * keys ^ 100) * value_size",
                                ['tricky-cache.yaml:84:7: estimation.derived[2].formula: the result overflows: check the formula and '
                                 'its inputs [SDG307]']),
    "negative size": ("      value: 1\n", "      value: -1\n",
                      ['tricky-cache.yaml:58:7: estimation.inputs[1].value: must be greater than 0, got -1: an estimate '
                       'input is a count, size, rate or time; to leave a factor out, drop it from the formulas [SDG307]']),
    "zero count": ("      value: 10M", "      value: 0",
                   ['tricky-cache.yaml:63:7: estimation.inputs[2].value: must be greater than 0, got 0: an estimate '
                    'input is a count, size, rate or time; to leave a factor out, drop it from the formulas [SDG307]']),
    "100B with unit B": ("      value: 1\n      unit: KB", "      value: 100B\n      unit: B",
                         ["tricky-cache.yaml:58:7: estimation.inputs[1].value: '100B' with unit 'B' reads as 100 billion B: B "
                          'after the digits is the billion suffix; for 100 bytes write value: 100 [SDG307]']),
    "100B meant as bytes": ("      value: 1\n      unit: KB", "      value: 100B",
                            ["tricky-cache.yaml:58:7: estimation.inputs[1].value: '100B' means 100 billion (B after the digits is "
                             "the billion suffix), so 'hot_set' has no bytes; for 100 bytes write value: 100 and unit: B [SDG306]",
                             'tricky-cache.yaml:84:7: estimation.derived[2].unit: the formula gives a plain number, which cannot '
                             "be shown as 'B' [SDG306]"]),
    "a unit on a count": ("      value: 10M", "      value: 10M\n      unit: B",
                          ["tricky-cache.yaml:59:7: estimation.inputs[1].unit: with unit 'KB' here, 'hot_set' comes out as "
                           'bytes^2 instead of bytes: if this input counts things (users, messages, servers), it has no unit '
                           '[SDG306]',
                           "tricky-cache.yaml:64:7: estimation.inputs[2].unit: with unit 'B' here, 'hot_set' comes out as "
                           'bytes^2 instead of bytes: if this input counts things (users, messages, servers), it has no unit '
                           '[SDG306]',
                           'tricky-cache.yaml:86:7: estimation.derived[2].unit: the formula gives bytes^2, which cannot be '
                           "shown as 'B' [SDG306]"]),
    "a unit pint knows but estimates do not": ("formula: keys * value_size", "formula: keys * value_size * 1 dau",
                                               ["tricky-cache.yaml:84:38: estimation.derived[2].formula: unknown id 'dau' [SDG304]"]),
    "empty list reads as English": ('focus: [Caching, "escaping <b>"]', "focus: []",
                                    ["tricky-cache.yaml:6:1: focus: expected at least 1 item but received none: "
                                     "Focus tags, e.g. fan-out, sharding, idempotency. [SDG104]"]),
    "indentation": ("    - id: F2\n      text:", "    - id: F2\n     text:",
                    ["tricky-cache.yaml:28:6: invalid YAML: while parsing a block collection did not find expected '-' "
                     "indicator; check the indentation of line 28: 'text: Put a value with a TTL' starts at column 6, but "
                     "'- id: F2' on line 27 starts at column 7; keys of one mapping must start in the same column, and a "
                     'nested value further right than its key [SDG001]']),
    "key indented too far": ("  auth: A shared", "   auth: A shared",
                             ['tricky-cache.yaml:90:8: invalid YAML: mapping values are not allowed in this context; check the '
                              "indentation of line 90: 'auth: A shared secret header between ...' starts at column 4, but 'style: "
                              "Plain REST over HTTP/1.1 keeps...' on line 89 starts at column 3; keys of one mapping must start in "
                              'the same column, and a nested value further right than its key [SDG001]']),
    "unquoted colon": ("  style: Plain REST over", "  style: Plain REST: over",
                       ['tricky-cache.yaml:89:20: invalid YAML: mapping values are not allowed in this context; the value on '
                        'line 89 contains \': \', so put it in quotes (key: "a: b") [SDG001]']),
    "tab": ("  style: Plain REST", "\tstyle: Plain REST",
            ['tricky-cache.yaml:89:1: invalid YAML: while scanning for the next token found character that cannot '
             'start any token; line 89 has a tab: indent with spaces only [SDG001]']),
    "missing colon": ("tradeoffs:\n", "tradeoffs\n",
                      ["tricky-cache.yaml:199:10: invalid YAML: while scanning a simple key could not find expected ':'; "
                       "add ':' after the key on line 198 ('tradeoffs'), or quote a value that spans lines [SDG001]"]),
    "two documents": ("difficulty: warm-up", "difficulty: warm-up\n---\nx: 1",
                      ["tricky-cache.yaml:6:1: a file holds one YAML document; remove this '---' and what follows [SDG001]"]),
    "NUL byte on line 5": ("difficulty: warm-up", "difficulty: warm\x00up",
                           ["tricky-cache.yaml:5:17: unacceptable character #x0000: control characters are not allowed; remove it [SDG001]"]),
    "reserved slug": ("slug: tricky-cache", "slug: index",
                      ["tricky-cache.yaml:3:1: slug: slug 'index' is reserved for a generated page (focus, index, tradeoffs); choose another name [SDG214]",
                       "tricky-cache.yaml:3:1: slug: slug 'index' must match the file name 'tricky-cache.yaml' [SDG207]"]),
    "raw Mermaid outside the safe subset": ("deep_dives:\n", RAW_MERMAID, ["tricky-cache.yaml:155:11: architecture.extra_diagrams[0].mermaid: 'click' statements are not "
                                                                           'allowed in raw Mermaid: no styling, links or click callbacks [SDG107]',
                                                                           'tricky-cache.yaml:156:20: architecture.extra_diagrams[0].mermaid: HTML tags are not allowed in raw '
                                                                           "Mermaid (only <br> for a line break); put a space after '<' in text [SDG107]",
                                                                           'tricky-cache.yaml:157:9: architecture.extra_diagrams[0].mermaid: Mermaid directives and front '
                                                                           "matter are not allowed: the site sets Mermaid's configuration [SDG107]"]),
    "raw Mermaid without a diagram type": ("deep_dives:\n", '  extra_diagrams:\n    - {title: States, mermaid: "A --> B"}\ndeep_dives:\n', ['tricky-cache.yaml:151:23: architecture.extra_diagrams[0].mermaid: raw Mermaid must start with a '
                                                                                                                                            'diagram type: one of stateDiagram-v2, stateDiagram, sequenceDiagram, flowchart, graph, timeline, '
                                                                                                                                            'erDiagram, classDiagram, gantt, pie, mindmap, journey [SDG107]']),
}


@pytest.mark.parametrize("name", list(CASES))
def test_limit(name: str, tmp_path: Path) -> None:
    old, new, expected = CASES[name]
    assert report(tmp_path, {"tricky-cache.yaml": edited(old, new)}) == expected


def write(tmp_path: Path, data: bytes, name: str = "tricky-cache.yaml") -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    return [str(i) for i in validate.validate_files([path], tmp_path)[1]]


def test_invalid_utf8_is_reported_at_its_line(tmp_path: Path) -> None:
    data = BASE.read_bytes().replace(b"difficulty: warm-up", b"difficulty: warm-up\nx: caf\xe9")
    assert write(tmp_path, data) == ["tricky-cache.yaml:6:7: not UTF-8 text: invalid continuation byte (byte 0xe9); save the file as UTF-8 [SDG001]"]


def test_file_size_is_limited(tmp_path: Path) -> None:
    assert write(tmp_path, BASE.read_bytes() + b"#" * 600_000) == [
        "tricky-cache.yaml:1:1: the file is 595 KB; files are limited to 512 KB [SDG003]"]


def test_reserved_slugs_cover_every_generated_page_in_problems() -> None:
    from studyguide.model import RESERVED_SLUGS
    from studyguide.pipeline import Layout, load_site

    pages = load_site(Layout.at(ROOT)).pages()
    slugs = {p.removeprefix("problems/").removesuffix(".md") for p in pages if p.startswith("problems/")}
    problems = {p.stem for p in (ROOT / "problems").glob("*.yaml")}
    hand_written = {p.stem for p in (ROOT / "docs" / "problems").glob("*.md")} if (ROOT / "docs" / "problems").is_dir() else set()
    assert slugs - problems | hand_written == set(RESERVED_SLUGS)


def test_internal_error_is_one_coded_line_and_other_files_are_still_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = validate.validate_loaded

    def crash_on_one(loaded, slug):  # type: ignore[no-untyped-def]
        if slug == "crash":
            raise RuntimeError("simulated bug")
        return real(loaded, slug)

    monkeypatch.setattr(validate, "validate_loaded", crash_on_one)
    (tmp_path / "crash.yaml").write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "tricky-cache.yaml").write_text(edited("      unit: KB", "      unit: KBX"), encoding="utf-8")
    _, issues = validate.validate_files(sorted(tmp_path.glob("*.yaml")), tmp_path)
    lines = [str(i) for i in issues]
    assert lines[0].startswith("crash.yaml:1:1: internal error: RuntimeError: simulated bug at test_limits.py:")
    assert lines[0].endswith("this is a bug in the study-guide tools, please report it with this file [SDG900]")
    assert lines[1:] == ["tricky-cache.yaml:59:7: estimation.inputs[1].unit: unknown unit 'KBX' [SDG302]"]


def test_cli_turns_a_crash_into_a_coded_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import guide

    def boom(args: object) -> int:
        raise KeyError("oops")

    monkeypatch.setattr(guide, "cmd_schema", boom)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert guide.main(["schema", "/dev/null"]) == 1
    assert err.getvalue().startswith("guide.py schema:1:1: internal error: KeyError: 'oops' at test_limits.py:")
    assert err.getvalue().rstrip().endswith("[SDG900]") and "Traceback" not in err.getvalue()


def test_aliases_within_limits_still_work() -> None:
    loaded, issues = load_text("a: &x [1, 2]\nb: *x\n", "t.yaml")
    assert issues == [] and loaded is not None and loaded.data == {"a": [1, 2], "b": [1, 2]}


def test_recursive_alias_is_refused() -> None:
    _, issues = load_text("a: &x [1, *x]\n", "t.yaml")
    assert [str(i) for i in issues] == ["t.yaml:1:11: unknown alias '*x' (an alias must follow its '&x' anchor, outside it) [SDG001]"]


def test_deep_flow_nesting_stops_early() -> None:
    """libyaml takes minutes on 200,000 nested '[': reading must stop at the limit, not parse it all."""
    import time

    start = time.monotonic()
    _, issues = load_text("a: " + "[" * 200_000 + "]" * 200_000, "t.yaml")
    assert [i.code for i in issues] == ["SDG003"] and time.monotonic() - start < 5
