"""The validator's contract: one case per rule, each asserting the exact report.

Every case edits the golden fixture (a valid problem) in one place and states
the full output a contributor sees. Line numbers refer to the edited file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SLUGS
from studyguide.errors import Issue
from studyguide.load import load_text
from studyguide.validate import validate_files

BASE = ROOT / "tests" / "fixtures" / "golden" / "problems" / "tricky-cache.yaml"
GUIDE = ROOT / "scripts" / "guide.py"


def edited(old: str, new: str) -> str:
    text = BASE.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture edit is ambiguous or missing: {old!r}"
    return text.replace(old, new)


def report(tmp_path: Path, files: dict[str, str]) -> list[str]:
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    _, issues = validate_files(paths, tmp_path)
    return [str(i) for i in issues]


CASES = {
    "malformed yaml": (
        "difficulty: warm-up", "difficulty: [warm-up",
        ["tricky-cache.yaml:6:6: invalid YAML: while parsing a flow sequence did not find expected ',' or ']' [SDG001]"],
    ),
    "duplicate key": (
        "difficulty: warm-up", "difficulty: warm-up\ndifficulty: core",
        ["tricky-cache.yaml:6:1: difficulty: duplicate key 'difficulty' (first defined at line 5) [SDG002]"],
    ),
    "unknown key without a near match": (
        "  auth: A shared", "  login: A shared",
        ["tricky-cache.yaml:88:1: api.auth: missing required key 'auth': How clients authenticate. [SDG102]",
         "tricky-cache.yaml:90:3: api.login: unknown key 'login'; allowed keys: style, auth, endpoints, events [SDG101]"],
    ),
    "unknown key with suggestion": (
        "  auth: A shared", "  auht: A shared",
        ["tricky-cache.yaml:88:1: api.auth: missing required key 'auth': How clients authenticate. [SDG102]",
         "tricky-cache.yaml:90:3: api.auht: unknown key 'auht'; did you mean 'auth'? [SDG101]"],
    ),
    "wrong type": (
        'focus: [Caching, "escaping <b>"]', "focus: 42",
        ["tricky-cache.yaml:6:1: focus: expected a list but received a number (42) [SDG103]"],
    ),
    "bad literal": (
        "difficulty: warm-up", "difficulty: easy",
        ["tricky-cache.yaml:5:1: difficulty: expected one of: ('warm-up', 'core', 'advanced') but received: 'easy' [SDG106]"],
    ),
    "malformed number": (
        "      value: 10M", "      value: 10X",
        ["tricky-cache.yaml:63:7: estimation.inputs[2].value: malformed number '10X'; write digits with an optional K, M, B or T suffix, e.g. 50M or 0.9 [SDG301]"],
    ),
    "unknown unit": (
        "      unit: KB", "      unit: KBX",
        ["tricky-cache.yaml:59:7: estimation.inputs[1].unit: unknown unit 'KBX' [SDG302]"],
    ),
    "formula with unknown id": (
        "formula: keys * value_size", "formula: keys * valu_size",
        ["tricky-cache.yaml:84:23: estimation.derived[2].formula: unknown id 'valu_size'; did you mean 'value_size'? [SDG304]"],
    ),
    "formula cycle": (
        "      formula: reads_per_day", "      formula: peak_qps / 3",
        ["tricky-cache.yaml:68:7: estimation.derived[0].formula: circular formula: read_qps -> peak_qps -> read_qps [SDG305]"],
    ),
    "dimension mismatch": (
        "formula: keys * value_size", "formula: keys + value_size",
        ["tricky-cache.yaml:84:7: estimation.derived[2].formula: dimension mismatch: cannot add a plain number and bytes [SDG306]"],
    ),
    "display unit mismatch": (
        "      formula: keys * value_size\n      unit: B", "      formula: keys * value_size\n      unit: /s",
        ["tricky-cache.yaml:85:7: estimation.derived[2].unit: the formula gives bytes, which cannot be shown as '/s' [SDG306]"],
    ),
    "ceil of a quantity with units": (
        "formula: keys * value_size", "formula: ceil(keys * value_size)",
        ["tricky-cache.yaml:84:7: estimation.derived[2].formula: ceil() takes a plain number (a count), not bytes [SDG306]"],
    ),
    "division by zero": (
        "formula: keys * value_size", "formula: value_size / (keys - keys)",
        ["tricky-cache.yaml:84:7: estimation.derived[2].formula: division by zero: the divisor evaluates to 0 [SDG307]"],
    ),
    "formula syntax": (
        "formula: keys * value_size", "formula: keys * (value_size",
        ["tricky-cache.yaml:84:34: estimation.derived[2].formula: formula ends too early [SDG303]"],
    ),
    "too few endpoints": (
        '    - method: DELETE\n      path: "/v1/keys/{key}"\n      purpose: Evict a value.\n      serves: [F2]\n      response: "204"\n      rate_limit: 1K/s per client | then 429\n', "",
        ["tricky-cache.yaml:91:3: api.endpoints: expected at least 3 items but received 2 [SDG104]"],
    ),
    "too few tradeoffs": (
        "  - title: Topology\n    options: [One node, Cluster]\n    choice: Cluster\n    because: One node is a single point of failure.\n    cost: More moving parts.\n    mitigation: A managed service.\n    decided_by: [N2]\n", "",
        ["tricky-cache.yaml:198:1: tradeoffs: expected at least 3 items but received 2 [SDG104]"],
    ),
    "dangling flow reference": (
        "{from: client, to: store, label: \"SQL; ok?\"}", "{from: client, to: stor, label: \"SQL; ok?\"}",
        ["tricky-cache.yaml:133:26: architecture.stages[0].flows[0].to: unknown component 'stor'; did you mean 'store'? [SDG202]"],
    ),
    "dangling citation": (
        "cites: [N1, read_qps]", "cites: [N1, read_qsp]",
        ["tricky-cache.yaml:123:19: architecture.components[1].cites[1]: unknown requirement or estimate id 'read_qsp'; did you mean 'read_qps'? [SDG202]"],
    ),
    "tradeoff choice not an option": (
        "    choice: Cache-aside", "    choice: Cache aside",
        ["tricky-cache.yaml:203:5: tradeoffs[0].choice: expected one of: ('Cache-aside', 'Write-through') but received: 'Cache aside' [SDG205]"],
    ),
    "recommendation not an approach": (
        "        choice: LRU", "        choice: ARC",
        ["tricky-cache.yaml:194:9: deep_dives.dives[0].recommendation.choice: expected one of: ('LRU', 'LFU', 'Random') but received: 'ARC' [SDG205]"],
    ),
    "slug does not match file name": (
        "slug: tricky-cache", "slug: tricky-cash",
        ["tricky-cache.yaml:3:1: slug: slug 'tricky-cash' must match the file name 'tricky-cache.yaml' [SDG207]"],
    ),
    "id not in snake_case": (
        "    - id: keys\n", "    - id: Keys\n",
        ["tricky-cache.yaml:61:7: estimation.inputs[2].id: 'Keys' is not valid: use snake_case: lowercase letters, "
         "digits and _, starting with a letter [SDG105]"],
    ),
    "entity stored in a non-store": (
        "        store: end\n", "        store: client\n",
        ["tricky-cache.yaml:155:9: deep_dives.data_model.entities[0].store: 'client' is a client, not a store "
         "(cache, database, object_store, queue, search) [SDG203]"],
    ),
    "dimension row with too few values": (
        '      - {name: Write latency, values: [Low, "Higher | two writes"]}', "      - {name: Write latency, values: [Low, Higher, Highest]}",
        ["tricky-cache.yaml:202:31: tradeoffs[0].dimensions[0].values: expected 2 values (one per option) but received 3 [SDG206]"],
    ),
    "functional id with the wrong prefix": (
        "    - id: F2\n", "    - id: N9\n",
        ["tricky-cache.yaml:27:7: requirements.functional[1].id: functional requirement ids start with F (F1, F2...), got 'N9' [SDG209]",
         # ...and every place that cited F2 now dangles:
         "tricky-cache.yaml:101:16: api.endpoints[1].serves[0]: unknown functional requirement id 'F2' [SDG202]",
         "tricky-cache.yaml:109:16: api.endpoints[2].serves[0]: unknown functional requirement id 'F2' [SDG202]",
         "tricky-cache.yaml:128:15: architecture.components[2].cites[0]: unknown requirement or estimate id 'F2' [SDG202]",
         "tricky-cache.yaml:166:17: deep_dives.data_model.access_patterns[1].cites[0]: unknown requirement or estimate id 'F2' [SDG202]"],
    ),
    "unsupported display unit": (
        "      formula: keys * value_size\n      unit: B", "      formula: keys * value_size\n      unit: KB",
        ["tricky-cache.yaml:85:7: estimation.derived[2].unit: unsupported display unit 'KB'; expected a count or B, bit or s, "
         "optionally per s, min, hour, day, month or year (e.g. '/s', 'B/day', 'B') [SDG308]"],
    ),
    "duplicate id across sections": (
        "    - id: keys\n", "    - id: store\n",
        ["tricky-cache.yaml:84:16: estimation.derived[2].formula: unknown id 'keys' [SDG304]",
         "tricky-cache.yaml:124:7: architecture.components[2].id: duplicate id 'store' (first used at estimation.inputs[2].id) [SDG201]"],
    ),
    "interview cut: too few key questions": (
        "      impact: Sizes the cache at the hot set, not the full data set.\n      key: true\n",
        "      impact: Sizes the cache at the hot set, not the full data set.\n",
        ["tricky-cache.yaml:11:3: requirements.clarifying: expected 3 clarifying questions marked 'key: true' (the interview cut) but received 2 [SDG210]"],
    ),
    "interview cut: no stage to stop at": (
        "      cites: [N1, peak_qps]\n      key: true\n", "      cites: [N1, peak_qps]\n",
        ["tricky-cache.yaml:129:3: architecture.stages: expected 1 stages marked 'key: true' (the interview cut) but received 0 [SDG210]"],
    ),
    "two approaches graded best": (
        "          grade: good\n", "          grade: best\n",
        ["tricky-cache.yaml:174:7: deep_dives.dives[0].approaches: expected exactly 1 approach graded 'best' but received 2: "
         "grade the recommendation 'best' and the others weak, fair or good [SDG211]"],
    ),
    "recommendation is not the best approach": (
        "        choice: LRU", "        choice: LFU",
        ["tricky-cache.yaml:194:9: deep_dives.dives[0].recommendation.choice: the recommendation is 'LFU' but the approach graded 'best' is 'LRU' [SDG211]"],
    ),
    "unknown grade": (
        "          grade: weak\n", "          grade: poor\n",
        ["tricky-cache.yaml:191:11: deep_dives.dives[0].approaches[2].grade: expected one of: ('weak', 'fair', 'good', 'best') but received: 'poor' [SDG106]"],
    ),
    "no disaster": (
        "      scope: store\n", "",
        ["tricky-cache.yaml:41:7: requirements.non_functional[2].quality: durability promise N3 is not backed by a store or region failure: "
         "list it in that failure's 'protects' [SDG212]",
         "tricky-cache.yaml:225:3: wrapup.failures: no failure loses a whole data store or region: add one with scope 'store' or 'region', "
         "its backup, rpo and rto [SDG212]"],
    ),
    "disaster without an RPO": (
        "      rpo: 5 min\n", "",
        ["tricky-cache.yaml:236:7: wrapup.failures[2].rpo: a store loss must say its rpo: how much data may be lost [SDG212]"],
    ),
    "unknown figure in prose": (
        "implies: 'Fits in RAM on one machine: {hot_set} < 64 GB.'", "implies: 'Fits in RAM on one machine: {hot_sett} < 64 GB.'",
        ["tricky-cache.yaml:86:7: estimation.derived[2].implies: unknown estimate '{hot_sett}' in text; did you mean 'hot_set'? [SDG213]"],
    ),
    "threshold that is not a number": (
        "        - at: 100K\n", "        - at: lots\n",
        ["tricky-cache.yaml:78:11: estimation.derived[1].thresholds[0].at: malformed number 'lots'; write digits with an optional K, M, B or T suffix, "
         "e.g. 50M or 0.9 [SDG301]"],
    ),
    "threshold on an unknown input": (
        "          input: reads_per_day\n", "          input: reads_per_dya\n",
        ["tricky-cache.yaml:81:11: estimation.derived[1].thresholds[0].input: unknown input id 'reads_per_dya'; did you mean 'reads_per_day'? [SDG202]"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_rule(name: str, tmp_path: Path) -> None:
    old, new, expected = CASES[name]
    assert report(tmp_path, {"tricky-cache.yaml": edited(old, new)}) == expected


def test_fixture_is_valid(tmp_path: Path) -> None:
    assert report(tmp_path, {"tricky-cache.yaml": BASE.read_text(encoding="utf-8")}) == []


def test_every_error_in_every_file_in_one_run(tmp_path: Path) -> None:
    bad_unit = edited("      unit: KB", "      unit: KBX")
    # Shape errors stop that file's cross-checks (they need a valid model), so both are shape errors.
    both = edited("difficulty: warm-up", "difficulty: easy").replace("    choice: Cache-aside\n", "")
    lines = report(tmp_path, {"tricky-cache.yaml": both, "other/tricky-cache.yaml": bad_unit})
    assert lines == [
        "other/tricky-cache.yaml:59:7: estimation.inputs[1].unit: unknown unit 'KBX' [SDG302]",
        "tricky-cache.yaml:5:1: difficulty: expected one of: ('warm-up', 'core', 'advanced') but received: 'easy' [SDG106]",
        "tricky-cache.yaml:199:5: tradeoffs[0].choice: missing required key 'choice': The option chosen; must be one of options. [SDG102]",
    ]


def test_duplicate_slugs_across_folders(tmp_path: Path) -> None:
    text = BASE.read_text(encoding="utf-8")
    lines = report(tmp_path, {"a/tricky-cache.yaml": text, "b/tricky-cache.yaml": text})
    assert lines == ["b/tricky-cache.yaml:3:1: slug: duplicate slug 'tricky-cache' (also in a/tricky-cache.yaml) [SDG208]"]


def test_yaml_11_traps_are_read_as_written() -> None:
    loaded, issues = load_text("a: no\nb: on\nc: 1e6\nd: 012\ne: 0x1F\nf: 1_000\ng: 3:30\n", "t.yaml")
    assert issues == [] and loaded is not None
    assert loaded.data == {"a": "no", "b": "on", "c": 1e6, "d": 12, "e": 31, "f": "1_000", "g": "3:30"}


def test_no_in_an_answer_stays_text(tmp_path: Path) -> None:
    assert report(tmp_path, {"tricky-cache.yaml": edited('answer: "Up to 10 KB; 1. not a list"', "answer: no")}) == []


def test_unsupported_tag(tmp_path: Path) -> None:
    lines = report(tmp_path, {"tricky-cache.yaml": edited("difficulty: warm-up", "difficulty: !!python/name:os.system warm-up")})
    assert lines[0] == "tricky-cache.yaml:5:13: difficulty: unsupported YAML tag 'tag:yaml.org,2002:python/name:os.system'; write plain values [SDG002]"


def run_guide(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(GUIDE), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=ROOT)


def test_cli_reports_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "tricky-cache.yaml"
    path.write_text(edited("      unit: KB", "      unit: KBX"), encoding="utf-8")
    result = run_guide("validate", str(path), env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].endswith("tricky-cache.yaml:59:7: estimation.inputs[1].unit: unknown unit 'KBX' [SDG302]")
    assert lines[1] == "1 error in 1 file"
    assert lines[2].startswith("::error file=") and lines[2].endswith(",line=59,col=7::estimation.inputs[1].unit: unknown unit 'KBX' [SDG302]")
    assert "Traceback" not in result.stderr


def test_cli_clean_run() -> None:
    result = run_guide("validate")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [f"{len(list((ROOT / 'problems').glob('*.yaml')))} problems valid, 0 errors"]


@pytest.mark.parametrize("content", [b"\xff\xfe\x00binary", b"", b"- just\n- a list\n", b"key: [unclosed\n"])
def test_cli_never_shows_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    result = run_guide("validate", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.strip().endswith("1 error in 1 file")


def test_render_writes_nothing_when_invalid(tmp_path: Path) -> None:
    problems = tmp_path / "problems"
    problems.mkdir()
    (problems / "tricky-cache.yaml").write_text(edited("difficulty: warm-up", "difficulty: easy"), encoding="utf-8")
    out = tmp_path / "out"
    result = run_guide("render", str(out), "--add-problems", str(problems))
    assert result.returncode == 1
    assert "1 error in 1 file" in result.stdout
    assert not out.exists()


def test_issue_formats() -> None:
    issue = Issue("problems/x.yaml", 3, 5, "api.endpoints[0]", "bad\n100%")
    assert str(issue) == "problems/x.yaml:3:5: api.endpoints[0]: bad\n100%"
    assert issue.annotation() == "::error file=problems/x.yaml,line=3,col=5::api.endpoints[0]: bad%0A100%25"


def test_empty_text_says_what_to_write(tmp_path: Path) -> None:
    lines = report(tmp_path, {"tricky-cache.yaml": edited("answer: 90 %", 'answer: ""')})
    assert lines == ["tricky-cache.yaml:17:7: requirements.clarifying[1].answer: must not be empty: "
                     "The answer we assume for the rest of the page. [SDG103]"]


WARNINGS = {
    "SDG501": ("      implies: Still under one node's ceiling at peak ({peak_qps} < 100K/s).\n", "",
               "tricky-cache.yaml:71:7: estimation.derived[1].implies: warning: 'peak_qps' implies nothing: "
               "say which design decision this number forces, or drop it [SDG501]"),
    "SDG502": ("        cites: [N1]\n", "",
               "tricky-cache.yaml:193:7: deep_dives.dives[0].recommendation.cites: warning: the recommendation cites "
               "no requirement: name the requirement it serves (e.g. [N2]) [SDG502]"),
    "SDG503": ("      detection: Error-rate alert.\n", "",
               "tricky-cache.yaml:231:7: wrapup.failures[1].detection: warning: say how this failure is detected "
               "(metric, alert or health check) [SDG503]"),
    "SDG506": ("      impact: Allows cache-aside without invalidation on every write.\n",
               "      impact: " + " ".join(["word"] * 41) + ".\n",
               "tricky-cache.yaml:22:7: requirements.clarifying[2].impact: warning: a sentence of 41 words ('word word word word word word word word ...'): "
               "split it, at most 40 words [SDG506]"),
    "SDG507": ("implies: 'Fits in RAM on one machine: {hot_set} < 64 GB.'", "implies: 'Fits in RAM on one machine: 10 GB < 64 GB.'",
               "tricky-cache.yaml:86:7: estimation.derived[2].implies: warning: '10 GB' is the computed Hot set size (10 GB): "
               "write {hot_set} so the text follows the estimate [SDG507]"),
    "SDG505": ("      idempotency: PUT is idempotent by key.\n", "      idempotency: PUT is idempotent by key.\n    - method: POST\n"
               "      path: /v1/flush\n      purpose: Flush everything.\n      response: \"204\"\n", ""),
}


@pytest.mark.parametrize("code", ["SDG501", "SDG502", "SDG503", "SDG506", "SDG507"])
def test_warnings(code: str, tmp_path: Path) -> None:
    old, new, expected = WARNINGS[code]
    assert report(tmp_path, {"tricky-cache.yaml": edited(old, new)}) == [expected]


def test_post_without_idempotency_warns(tmp_path: Path) -> None:
    old, new, _ = WARNINGS["SDG505"]
    lines = report(tmp_path, {"tricky-cache.yaml": edited(old, new)})
    assert lines == ["tricky-cache.yaml:106:7: api.endpoints[2].idempotency: warning: a POST is not idempotent by itself: "
                     "add an idempotency key saying how a retried request is made safe [SDG505]"]


def test_boilerplate_across_problems(tmp_path: Path) -> None:
    text = BASE.read_text(encoding="utf-8")
    copy = text.replace("slug: tricky-cache", "slug: tricky-copy")
    lines = report(tmp_path, {"tricky-cache.yaml": text, "tricky-copy.yaml": copy})
    summary_warning = ("tricky-copy.yaml:7:1: summary: warning: this paragraph is used verbatim in tricky-cache: "
                       "write it for this problem [SDG504]")
    assert summary_warning in lines
    assert all("[SDG504]" in line for line in lines)
    assert not [line for line in lines if ".formula:" in line or ".response:" in line or ".request:" in line]


def test_paragraphs_are_prose_only() -> None:
    from studyguide.lint import paragraphs
    from studyguide.model import Endpoint

    long = "one two three four five six seven eight nine ten eleven twelve"
    endpoint = Endpoint(method="GET", path="/v1/x", purpose=long, response=long, request=long)
    assert [path for path, _ in paragraphs(endpoint)] == [("purpose",)]


def test_warnings_exit_zero_unless_strict(tmp_path: Path) -> None:
    path = tmp_path / "tricky-cache.yaml"
    old, new, expected = WARNINGS["SDG501"]
    path.write_text(edited(old, new), encoding="utf-8")
    plain = run_guide("validate", str(path))
    assert plain.returncode == 0 and "1 error" not in plain.stdout
    assert plain.stdout.splitlines()[-1] == "0 errors, 1 warning in 1 file"
    strict = run_guide("validate", "--strict", str(path))
    assert strict.returncode == 1 and strict.stdout.splitlines()[-1] == "1 error in 1 file"
    ignored = run_guide("validate", "--strict", "--ignore", "SDG501", str(path))
    assert ignored.returncode == 0 and ignored.stdout.splitlines() == ["1 problem valid, 0 errors"]


def test_drops_must_name_an_earlier_flow(tmp_path: Path) -> None:
    lines = report(tmp_path, {"tricky-cache.yaml": edited("      adds: [end]\n", "      adds: [end]\n      drops:\n        - {from: end, to: store}\n")})
    assert lines == ["tricky-cache.yaml:138:11: architecture.stages[1].drops[0]: no earlier stage draws a flow from 'end' to 'store' [SDG204]"]


def test_dropped_flow_leaves_later_diagrams() -> None:
    from studyguide.compute import stage_views
    from studyguide.model import Component, Flow, Stage

    parts = [Component(id=i, name=i, kind="service", why="w", cites=["F1"]) for i in ("a", "b", "c")]
    stages = [
        Stage(title="one", adds=["a", "b"], flows=[Flow(**{"from": "a", "to": "b"})], reason="r"),
        Stage(title="two", adds=["c"], drops=[Flow(**{"from": "a", "to": "b"})],
              flows=[Flow(**{"from": "a", "to": "c"}), Flow(**{"from": "c", "to": "b"})], reason="r"),
    ]
    first, second = (view["diagram"] for view in stage_views(parts, stages))
    assert "c_a --> c_b" in first
    assert "c_a --> c_b" not in second and "c_a --> c_c" in second and "c_c --> c_b" in second


def test_unknown_include_is_an_error_at_its_line(tmp_path: Path) -> None:
    from studyguide.fragments import expand
    from studyguide.pipeline import Layout, load_site

    site = load_site(Layout.at(ROOT))
    text, issues = expand(site.sources, "# Page\n\n<!-- include: reference/latncy -->\n", "learn/x.md")
    assert [str(i) for i in issues] == [
        "docs/learn/x.md:3:1: unknown include 'reference/latncy'; did you mean 'reference/latency'? [SDG401]"]


def test_data_files_are_checked_like_problems(tmp_path: Path) -> None:
    import shutil

    from studyguide.data import load_site_data

    data = tmp_path / "data"
    shutil.copytree(ROOT / "docs" / "data", data)
    reference = data / "reference.yaml"
    text = reference.read_text(encoding="utf-8")
    first_latency = text.index("value:", text.index("latency:"))
    end = text.index("\n", first_latency)
    text = text[:first_latency] + "value: 1X" + text[end:]
    reference.write_text(text.replace("problems: [chat-system", "problems: [chat-sytem", 1), encoding="utf-8")
    tradeoffs = data / "tradeoffs.yaml"
    tradeoffs.write_text(tradeoffs.read_text(encoding="utf-8").replace("choice: Availability first (AP)", "choice: Availability first", 1), encoding="utf-8")
    site, issues = load_site_data(data, tmp_path, SLUGS)
    assert site is None
    lines = [str(i) for i in issues]
    assert any(line.startswith("data/reference.yaml:") and "latency[0].value: malformed number '1X'" in line and line.endswith("[SDG301]")
               for line in lines), lines
    assert any(line.startswith("data/reference.yaml:") and "unknown problem 'chat-sytem'; did you mean 'chat-system'? [SDG202]" in line
               for line in lines), lines
    assert any(line.startswith("data/tradeoffs.yaml:") and "tradeoffs[0].choice" in line and line.endswith("[SDG205]") for line in lines), lines
