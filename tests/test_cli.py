"""The `scopelint` console script, run in a subprocess: output and exit code.

Tests marked `engine` need real SCO1xx/SCO2xx findings and are skipped until
scopelint.engine lands; the others use SCO901 (parse errors) or the test
hook in tests/data/frontends/hook (fake findings, injected crashes).
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import (  # noqa: E402
    CLEAN_SOURCE,
    PARSE_ERROR_SOURCE,
    SCO101_SOURCE,
    SCO201_SOURCE,
    SCOPELINT,
    clean_env,
    engine_test,
    hook_env,
    scopelint,
    write,
)

import scopelint as scopelint_pkg  # noqa: E402
from scopelint.linter import lint_source  # noqa: E402

PARSE_LINE = "2:1: SCO901 cannot parse:"


def test_clean_run_prints_one_summary_line_unless_quiet(tmp_path):
    write(tmp_path, "clean.py", CLEAN_SOURCE)
    write(tmp_path, "other.py", CLEAN_SOURCE)
    p = scopelint(".", cwd=tmp_path)
    assert (p.returncode, p.out, p.err) == (0, "All checks passed: 2 files.\n", "")
    p = scopelint("clean.py", cwd=tmp_path)
    assert (p.returncode, p.out, p.err) == (0, "All checks passed: 1 file.\n", "")
    for quiet in (["-q"], ["--format", "concise"]):
        p = scopelint(*quiet, "clean.py", cwd=tmp_path)
        assert (p.returncode, p.out, p.err) == (0, "", "")


def test_parse_error_is_a_finding_and_run_goes_on(tmp_path):
    write(tmp_path, "a_bad.py", PARSE_ERROR_SOURCE)
    write(tmp_path, "b_clean.py", CLEAN_SOURCE)
    write(tmp_path, "c_bad.py", PARSE_ERROR_SOURCE)
    p = scopelint(".", cwd=tmp_path)
    lines = p.out.splitlines()
    assert p.returncode == 1
    assert lines[0].startswith(f"a_bad.py:{PARSE_LINE}")
    assert lines[1].startswith(f"c_bad.py:{PARSE_LINE}")
    assert lines[2] == "Found 2 problems in 2 files."
    assert len(lines) == 3


def test_default_path_is_cwd_and_output_sorted_by_path_then_position(tmp_path):
    # Fake findings (test hook) in reverse order across files and lines.
    write(tmp_path, "z.py", "# FAKE SCO901 3:1 third\n# FAKE SCO901 1:5 first\n")
    write(tmp_path, "sub/a.py", "# FAKE SCO901 2:2 only\n")
    p = scopelint("--format", "concise", cwd=tmp_path, env=hook_env())
    assert p.returncode == 1, p.err
    assert p.out == (
        "sub/a.py:2:2: SCO901 only\n"
        "z.py:1:5: SCO901 first\n"
        "z.py:3:1: SCO901 third\n"
    )


def test_directories_recurse_py_only_and_default_excludes(tmp_path):
    for rel in ["pkg/mod.py", "pkg/deep/er/m.py", "notes.txt.py.txt", "script"]:
        write(tmp_path, rel, PARSE_ERROR_SOURCE)
    for d in [".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "__pycache__", "build", "dist",
              "pkg/site-packages", "node_modules"]:
        write(tmp_path, f"{d}/x.py", PARSE_ERROR_SOURCE)
    p = scopelint("--format", "concise", "--no-respect-gitignore", ".", cwd=tmp_path)
    assert p.returncode == 1
    assert [line.split(":")[0] for line in p.out.splitlines()] == ["pkg/deep/er/m.py", "pkg/mod.py"]


def test_explicit_file_is_linted_whatever_its_extension_and_excludes(tmp_path):
    write(tmp_path, "build/script", PARSE_ERROR_SOURCE)
    p = scopelint("--format", "concise", "build/script", cwd=tmp_path)
    assert p.returncode == 1
    assert p.out.startswith(f"build/script:{PARSE_LINE}")


def test_exclude_and_extend_exclude(tmp_path):
    for rel in ["keep.py", "gen_x.py", "third_party/lib.py", "build/b.py", "a/generated/g.py"]:
        write(tmp_path, rel, PARSE_ERROR_SOURCE)
    # extend-exclude adds to the defaults (build/ stays excluded).
    p = scopelint("--format", "concise", "--extend-exclude", "gen_*.py,third_party", "--extend-exclude", "a/generated",
                  ".", cwd=tmp_path)
    assert [line.split(":")[0] for line in p.out.splitlines()] == ["keep.py"]
    assert p.returncode == 1
    # exclude replaces the defaults (build/ is linted again).
    p = scopelint("--format", "concise", "--exclude", "gen_*.py", ".", cwd=tmp_path)
    assert [line.split(":")[0] for line in p.out.splitlines()] == [
        "a/generated/g.py", "build/b.py", "keep.py", "third_party/lib.py"]


def test_force_exclude_applies_excludes_to_explicit_paths(tmp_path):
    write(tmp_path, "build/gen.py", PARSE_ERROR_SOURCE)
    write(tmp_path, "src/skip_me.py", PARSE_ERROR_SOURCE)
    write(tmp_path, "src/ok.py", PARSE_ERROR_SOURCE)
    args = ["--format", "concise", "--extend-exclude", "skip_*", "build/gen.py", "src/skip_me.py", "src/ok.py"]
    p = scopelint(*args, cwd=tmp_path)
    assert [line.split(":")[0] for line in p.out.splitlines()] == ["build/gen.py", "src/ok.py", "src/skip_me.py"]
    p = scopelint("--force-exclude", *args, cwd=tmp_path)
    assert p.returncode == 1
    assert [line.split(":")[0] for line in p.out.splitlines()] == ["src/ok.py"]
    assert p.err == ""  # pre-commit names excluded files on every commit: no news
    # Everything excluded: nothing to do is success, and each path says why.
    p = scopelint("--force-exclude", "build/gen.py", "src/skip_me.py", "--extend-exclude", "skip_*", cwd=tmp_path)
    assert (p.returncode, p.out) == (0, "")
    assert p.err.splitlines() == [
        "scopelint: warning: build/gen.py: excluded by exclude pattern 'build' (--force-exclude); not linted",
        "scopelint: warning: src/skip_me.py: excluded by exclude pattern 'skip_*' (--force-exclude); not linted",
    ]
    p = scopelint("-q", "--force-exclude", "build/gen.py", cwd=tmp_path)
    assert (p.returncode, p.out, p.err) == (0, "", "")


def test_stdin_with_and_without_filename(tmp_path):
    p = scopelint("-", cwd=tmp_path, input=PARSE_ERROR_SOURCE)
    assert p.returncode == 1
    assert p.out.startswith(f"<stdin>:{PARSE_LINE}")
    p = scopelint("--format", "concise", "-", "--stdin-filename", "pkg/m.py", cwd=tmp_path, input=PARSE_ERROR_SOURCE)
    assert p.returncode == 1
    assert p.out.startswith(f"pkg/m.py:{PARSE_LINE}")
    # --stdin-filename alone reads standard input too.
    p = scopelint("-q", "--stdin-filename", "x.py", cwd=tmp_path, input=CLEAN_SOURCE)
    assert (p.returncode, p.out) == (0, "")
    # With --force-exclude an excluded stdin name is not linted (pre-commit style).
    p = scopelint("-q", "--force-exclude", "--stdin-filename", "build/m.py", "-", cwd=tmp_path,
                  input=PARSE_ERROR_SOURCE)
    assert (p.returncode, p.out) == (0, "")


def test_format_json(tmp_path):
    write(tmp_path, "b.py", PARSE_ERROR_SOURCE)
    write(tmp_path, "a.py", CLEAN_SOURCE)
    p = scopelint("--format", "json", ".", cwd=tmp_path)
    assert p.returncode == 1
    data = json.loads(p.out)
    assert isinstance(data, list) and len(data) == 1
    assert set(data[0]) == {"path", "line", "column", "code", "name", "severity", "message", "related"}
    assert (data[0]["path"], data[0]["line"], data[0]["column"], data[0]["code"], data[0]["name"]) == (
        "b.py", 2, 1, "SCO901", "parse-error")
    # No findings: still one (empty) JSON array.
    p = scopelint("--format", "json", "a.py", cwd=tmp_path)
    assert (p.returncode, json.loads(p.out)) == (0, [])


def test_format_github_escapes(tmp_path):
    write(tmp_path, "g.py", "# FAKE SCO901 4:2 50% done, a: b\n")
    p = scopelint("--format", "github", "g.py", cwd=tmp_path, env=hook_env())
    assert p.returncode == 1
    assert p.out == "::error file=g.py,line=4,col=2,title=SCO901::50%25 done, a: b\n"


def test_text_has_summary_concise_and_quiet_do_not(tmp_path):
    write(tmp_path, "m.py", "# FAKE SCO901 1:1 one\n# FAKE SCO901 2:1 two\n")
    text = scopelint("m.py", cwd=tmp_path, env=hook_env())
    concise = scopelint("--format", "concise", "m.py", cwd=tmp_path, env=hook_env())
    quiet = scopelint("-q", "m.py", cwd=tmp_path, env=hook_env())
    body = "m.py:1:1: SCO901 one\nm.py:2:1: SCO901 two\n"
    assert text.out == body + "Found 2 problems in 1 file.\n"
    assert concise.out == body
    assert quiet.out == body
    assert {text.returncode, concise.returncode, quiet.returncode} == {1}


def test_output_file(tmp_path):
    write(tmp_path, "m.py", PARSE_ERROR_SOURCE)
    p = scopelint("--format", "json", "--output-file", "out/../report.json", "m.py", cwd=tmp_path)
    assert p.returncode == 2  # out/ does not exist: cannot write
    assert "cannot write out/../report.json" in p.err
    p = scopelint("--format", "json", "-o", "report.json", "m.py", cwd=tmp_path)
    assert (p.returncode, p.out) == (1, "")
    assert json.loads((tmp_path / "report.json").read_text())[0]["code"] == "SCO901"


def test_select_ignore_by_code_prefix_and_name(tmp_path):
    write(tmp_path, "m.py", PARSE_ERROR_SOURCE)
    for args, expected in [
        (["--ignore", "SCO901"], 0),
        (["--ignore", "SCO9"], 0),
        (["--ignore", "parse-error"], 0),
        (["--select", "SCO1"], 0),
        (["--select", "SCO1", "--extend-select", "SCO901"], 1),
        (["--select", "SCO9", "--ignore", "SCO"], 1),  # the more specific select wins
        (["--select", "SCO9", "--ignore", "SCO9"], 0),  # a tie goes to ignore
        (["--ignore", "SCO9", "--extend-select", "SCO901"], 1),  # the longer selector wins
        (["--select", "sco901"], 1),
    ]:
        p = scopelint("--format", "concise", *args, "m.py", cwd=tmp_path)
        assert p.returncode == expected, (args, p.out, p.err)
        assert bool(p.out) == bool(expected), args


def test_unknown_selector_is_a_usage_error(tmp_path):
    write(tmp_path, "m.py", CLEAN_SOURCE)
    p = scopelint("--select", "SCO1,XYZ9", "m.py", cwd=tmp_path)
    assert p.returncode == 2
    assert "--select: unknown rule selector 'XYZ9'" in p.err
    assert p.out == ""


def test_usage_errors_exit_2(tmp_path):
    for args, needle in [
        (["--format", "xml"], "invalid choice: 'xml'"),
        (["--jobs", "-1"], "expected a number of processes"),
        (["--no-such-option"], "unrecognized arguments"),
        (["--names", "--format", "sarif", "."], "--names supports"),
        (["-", "-"], "only once"),
    ]:
        p = scopelint(*args, cwd=tmp_path, input="")
        assert p.returncode == 2, args
        assert needle in p.err, (args, p.err)


def test_statistics(tmp_path):
    write(tmp_path, "m.py", "# FAKE SCO901 1:1 a\n# FAKE SCO902 2:1 b\n# FAKE SCO901 3:1 c\n")
    p = scopelint("--format", "concise", "--statistics", "--extend-select", "SCO902", "m.py", cwd=tmp_path,
                  env=hook_env())
    assert p.returncode == 1
    assert p.out.splitlines()[-2:] == ["2     SCO901 parse-error", "1     SCO902 unused-noqa"]
    # Machine formats keep stdout parseable: statistics go to stderr.
    p = scopelint("--format", "json", "--statistics", "m.py", cwd=tmp_path, env=hook_env())
    assert len(json.loads(p.out)) == 2
    assert p.err == "2     SCO901 parse-error\n"


def test_exit_zero(tmp_path):
    write(tmp_path, "m.py", PARSE_ERROR_SOURCE)
    p = scopelint("--exit-zero", "m.py", cwd=tmp_path)
    assert p.returncode == 0
    assert PARSE_LINE in p.out
    # ... but errors still exit 2.
    p = scopelint("--exit-zero", "m.py", "missing.py", cwd=tmp_path)
    assert p.returncode == 2


def test_version():
    p = scopelint("--version", cwd=".")
    assert (p.returncode, p.out) == (0, f"scopelint {scopelint_pkg.__version__}\n")


def test_python_dash_m(tmp_path):
    write(tmp_path, "m.py", PARSE_ERROR_SOURCE)
    p = subprocess.run([sys.executable, "-m", "scopelint", "--format", "concise", "m.py"], cwd=tmp_path,
                       capture_output=True, text=True, env=clean_env())
    assert p.returncode == 1
    assert p.stdout.startswith(f"m.py:{PARSE_LINE}")


def _run_on_tty(args, cwd, env):
    """Run scopelint with stdout on a pseudo-terminal; return (rc, output)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([SCOPELINT, *args], cwd=cwd, stdout=slave, stderr=subprocess.PIPE, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the other side closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks).decode()


def test_color_only_on_a_terminal_and_no_color(tmp_path):
    write(tmp_path, "m.py", PARSE_ERROR_SOURCE)
    esc = "\x1b["
    rc, out = _run_on_tty(["m.py"], tmp_path, clean_env())
    assert rc == 1 and esc in out and "SCO901" in out
    rc, out = _run_on_tty(["m.py"], tmp_path, clean_env(NO_COLOR="1"))
    assert rc == 1 and esc not in out and "SCO901" in out
    rc, out = _run_on_tty(["--color", "never", "m.py"], tmp_path, clean_env())
    assert rc == 1 and esc not in out
    # A pipe gets no colour unless asked for; --color always beats NO_COLOR.
    assert esc not in scopelint("m.py", cwd=tmp_path).out
    p = scopelint("--color", "always", "m.py", cwd=tmp_path, env=clean_env(NO_COLOR="1"))
    assert p.returncode == 1 and esc in p.out
    # Machine formats never get colour.
    p = scopelint("--color", "always", "--format", "json", "m.py", cwd=tmp_path)
    assert esc not in p.out and json.loads(p.out)


def test_rules_rule_and_explain(tmp_path):
    p = scopelint("rules", cwd=tmp_path)
    assert p.returncode == 0
    lines = p.out.splitlines()
    assert lines[0].split() == ["code", "name", "default", "summary"]
    assert any(line.split()[:3] == ["SCO901", "parse-error", "on"] for line in lines)
    assert any(line.split()[:3] == ["SCO902", "unused-noqa", "off"] for line in lines)
    p = scopelint("rules", "--format", "json", cwd=tmp_path)
    rows = {r["code"]: r for r in json.loads(p.out)}
    assert rows["SCO902"]["default"] is False and rows["SCO901"]["name"] == "parse-error"

    from scopelint.rules import get_rule

    for args in (["rule", "SCO902"], ["rule", "unused-noqa"], ["rule", "sco902"], ["--explain", "SCO902"]):
        p = scopelint(*args, cwd=tmp_path)
        assert (p.returncode, p.out) == (0, get_rule("SCO902").doc()), args
    p = scopelint("rule", "SCO000", cwd=tmp_path)
    assert p.returncode == 2 and "unknown rule 'SCO000'" in p.err
    p = scopelint("--explain", "nope", cwd=tmp_path)
    assert p.returncode == 2 and "unknown rule 'nope'" in p.err


def test_missing_path_reports_and_lints_the_rest(tmp_path):
    write(tmp_path, "m.py", PARSE_ERROR_SOURCE)
    p = scopelint("--format", "concise", "missing.py", "m.py", cwd=tmp_path)
    assert p.returncode == 2
    assert "missing.py: cannot access: No such file or directory" in p.err
    assert p.out.startswith(f"m.py:{PARSE_LINE}")


def test_internal_errors_are_reported_and_other_files_linted(tmp_path):
    write(tmp_path, "a.py", "# CRASH-INTERNAL\n")
    write(tmp_path, "b.py", "# CRASH-UNEXPECTED\n")
    write(tmp_path, "c.py", "# FAKE SCO901 1:1 still linted\n")
    p = scopelint("--format", "concise", ".", cwd=tmp_path, env=hook_env())
    assert p.returncode == 2
    assert p.out == "c.py:1:1: SCO901 still linted\n"
    err = p.err.splitlines()
    assert "a.py: internal error in analysis: ValueError: injected failure \u2014 please report this at" in err[0]
    assert "b.py: internal error in lint_source: RuntimeError: injected unexpected failure \u2014 please" in err[1]
    assert "Traceback" not in p.err
    # -v adds the traceback.
    p = scopelint("-v", "b.py", cwd=tmp_path, env=hook_env())
    assert p.returncode == 2 and "Traceback" in p.err and "injected unexpected failure" in p.err


def test_internal_errors_in_parallel_workers(tmp_path):
    for i in range(40):
        write(tmp_path, f"f{i:02d}.py", "# CRASH-INTERNAL\n" if i == 7 else f"# FAKE SCO901 1:{i + 1} m{i}\n")
    p = scopelint("--format", "concise", "--jobs", "2", "--no-cache", ".", cwd=tmp_path, env=hook_env())
    assert p.returncode == 2
    assert len(p.out.splitlines()) == 39
    assert "f07.py: internal error in analysis" in p.err


def test_dead_worker_process_is_reported_not_a_traceback(tmp_path):
    for i in range(20):
        write(tmp_path, f"f{i:02d}.py", "# CRASH-EXIT\n" if i == 3 else CLEAN_SOURCE)
    p = scopelint("--jobs", "2", "--no-cache", ".", cwd=tmp_path, env=hook_env())
    assert p.returncode == 2
    assert p.err.startswith("scopelint: internal error: a worker process died")
    assert "rerun with --jobs 1" in p.err and "Traceback" not in p.err


def test_jobs_output_is_deterministic(tmp_path):
    for i in range(60):
        write(tmp_path, f"d{i % 3}/f{i:02d}.py", PARSE_ERROR_SOURCE if i % 2 else CLEAN_SOURCE)
    serial = scopelint("--jobs", "1", "--no-cache", ".", cwd=tmp_path)
    parallel = scopelint("--jobs", "2", "--no-cache", ".", cwd=tmp_path)
    default = scopelint("--no-cache", ".", cwd=tmp_path)
    assert serial.returncode == parallel.returncode == default.returncode == 1
    assert serial.out == parallel.out == default.out
    assert serial.out.count("SCO901") == 30
    paths = [line.split(":")[0] for line in serial.out.splitlines()[:-1]]
    assert paths == sorted(paths)


def test_names_text_and_json(tmp_path):
    # The test hook cannot fake names; an empty result still has the shapes.
    write(tmp_path, "m.py", CLEAN_SOURCE)
    p = scopelint("-q", "--names", "m.py", cwd=tmp_path)
    assert (p.returncode, p.out) == (0, "")
    p = scopelint("--names", "--format", "json", "m.py", cwd=tmp_path)
    assert (p.returncode, json.loads(p.out)) == (0, [])
    # A file that cannot be parsed has no names: said on stderr, exit 1.
    write(tmp_path, "bad.py", PARSE_ERROR_SOURCE)
    p = scopelint("--names", "bad.py", cwd=tmp_path)
    assert p.returncode == 1 and p.out == "" and f"bad.py:{PARSE_LINE}" in p.err


# --- end-to-end on real findings (need the analysis engine) ---------------

@pytest.mark.parametrize("source,code,line", [(SCO101_SOURCE, "SCO101", 5), (SCO201_SOURCE, "SCO201", 3)])
@engine_test
def test_e2e_real_findings_in_every_format(tmp_path, source, code, line):
    write(tmp_path, "model.py", source)
    real = [f for f in lint_source(source.encode(), "model.py").findings if f.code == code]
    assert [f.line for f in real] == [line]
    col = real[0].column
    p = scopelint("--no-cache", "model.py", cwd=tmp_path)
    assert p.returncode == 1
    assert p.out.splitlines()[0] == f"model.py:{line}:{col}: {code} {real[0].message}"
    data = json.loads(scopelint("--format", "json", "model.py", cwd=tmp_path).out)
    assert [(d["code"], d["line"], d["column"]) for d in data] == [(code, line, col)]
    gh = scopelint("--format", "github", "model.py", cwd=tmp_path).out
    level = "error" if code.startswith("SCO1") else "warning"
    assert gh.startswith(f"::{level} file=model.py,line={line},col={col},title={code}::")
    p = scopelint("-q", "--ignore", code, "model.py", cwd=tmp_path)
    assert (p.returncode, p.out) == (0, "")
    p = scopelint("--select", code[:4], "model.py", cwd=tmp_path)
    assert p.returncode == 1 and code in p.out


@engine_test
def test_e2e_names(tmp_path):
    write(tmp_path, "b.py", SCO101_SOURCE)
    write(tmp_path, "a.py", SCO201_SOURCE)
    p = scopelint("--names", "a.py", "b.py", cwd=tmp_path)
    assert p.returncode == 0, p.err
    lines = p.out.splitlines()
    assert lines[0].startswith("a.py:3:") and " w:0 (create via " in lines[0]
    assert lines[1].startswith("b.py:3:") and " s/w:0 (create via " in lines[1]
    rows = json.loads(scopelint("--names", "--format", "json", "a.py", "b.py", cwd=tmp_path).out)
    assert all(set(r) == {"path", "line", "column", "name", "action", "api", "more_iterations", "chain", "shape",
                          "dtype"} for r in rows)
    assert rows[0]["chain"] == [{"path": "a.py", "line": 3}]
    assert [(r["path"], r["line"], r["name"], r["action"]) for r in rows][:2] == [
        ("a.py", 3, "w:0", "create"), ("b.py", 3, "s/w:0", "create")]
