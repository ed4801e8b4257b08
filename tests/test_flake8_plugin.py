"""The flake8 plugin, through real flake8 in a subprocess."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import (  # noqa: E402
    CLEAN_SOURCE,
    FLAKE8,
    PARSE_ERROR_SOURCE,
    SCO101_SOURCE,
    SCO201_SOURCE,
    clean_env,
    engine_test,
    hook_env,
    run,
    write,
)

from scopelint.linter import lint_source  # noqa: E402

# Fake findings from the test hook: col 5 (1-based) must print as col 5.
FAKE = "import os\n\nx = os.sep  # FAKE SCO901 3:5 fake finding\n"
FAKE_LINE = "m.py:3:5: SCO901 fake finding"


def flake8(*args, cwd, env=None, **kw):
    # --isolated: no user or project flake8 configuration interferes.
    return run([FLAKE8, "--isolated", *args], cwd, env=env if env is not None else clean_env(), **kw)


def test_plugin_is_registered():
    p = flake8("--version", cwd=".")
    assert p.returncode == 0
    assert "scopelint: " in p.out


def test_clean_file(tmp_path):
    write(tmp_path, "clean.py", CLEAN_SOURCE)
    write(tmp_path, "tf_clean.py", "import tensorflow as tf\nwith tf.variable_scope('a'):\n    pass\n")
    p = flake8("--select", "SCO", "clean.py", "tf_clean.py", cwd=tmp_path)
    assert (p.returncode, p.out, p.err) == (0, "", "")


def test_finding_with_flake8_columns_and_selection(tmp_path):
    write(tmp_path, "m.py", FAKE)
    env = hook_env()
    p = flake8("--select", "SCO", "m.py", cwd=tmp_path, env=env)
    assert (p.returncode, p.out) == (1, FAKE_LINE + "\n")
    # flake8 >= 6 selects every installed plugin's codes by default ...
    p = flake8("m.py", cwd=tmp_path, env=env)
    assert (p.returncode, p.out) == (1, FAKE_LINE + "\n")
    # ... but an explicit --select without SCO drops them; --extend-select brings them back.
    p = flake8("--select", "E,F", "m.py", cwd=tmp_path, env=env)
    assert (p.returncode, p.out) == (0, "")
    p = flake8("--select", "E,F", "--extend-select", "SCO", "m.py", cwd=tmp_path, env=env)
    assert (p.returncode, p.out) == (1, FAKE_LINE + "\n")
    p = flake8("--select", "SCO", "--ignore", "SCO9", "m.py", cwd=tmp_path, env=env)
    assert (p.returncode, p.out) == (0, "")
    p = flake8("--select", "SCO", "--per-file-ignores", "m.py:SCO901", "m.py", cwd=tmp_path, env=env)
    assert (p.returncode, p.out) == (0, "")


def test_noqa_is_flake8s(tmp_path):
    write(tmp_path, "m.py", FAKE.replace("os.sep", "os.sep  # noqa: SCO901"))
    p = flake8("--select", "SCO", "m.py", cwd=tmp_path, env=hook_env())
    assert (p.returncode, p.out) == (0, "")
    p = flake8("--select", "SCO", "--disable-noqa", "m.py", cwd=tmp_path, env=hook_env())
    assert p.returncode == 1 and "SCO901" in p.out


def test_file_level_scopelint_noqa(tmp_path):
    write(tmp_path, "m.py", FAKE + "# scopelint: noqa\n")
    p = flake8("--select", "SCO", "m.py", cwd=tmp_path, env=hook_env())
    assert (p.returncode, p.out) == (0, "")
    write(tmp_path, "m.py", FAKE + "# scopelint: noqa: SCO1\n")
    p = flake8("--select", "SCO", "m.py", cwd=tmp_path, env=hook_env())
    assert (p.returncode, p.out) == (1, FAKE_LINE + "\n")


def test_opt_in_rules_need_explicit_selection(tmp_path):
    write(tmp_path, "m.py", "x = 1  # FAKE SCO902 1:8 unused\n")
    env = hook_env()
    assert flake8("m.py", cwd=tmp_path, env=env).out == ""
    assert flake8("--select", "SCO1", "--extend-select", "SCO901", "m.py", cwd=tmp_path, env=env).out == ""
    p = flake8("--extend-select", "SCO902", "m.py", cwd=tmp_path, env=env)
    assert (p.returncode, p.out) == (1, "m.py:1:8: SCO902 unused\n")
    p = flake8("--select", "SCO", "m.py", cwd=tmp_path, env=env)
    assert (p.returncode, p.out) == (1, "m.py:1:8: SCO902 unused\n")


def test_stdin_uses_the_lines_flake8_read(tmp_path):
    p = flake8("--select", "SCO", "-", cwd=tmp_path, env=hook_env(), input=FAKE)
    assert (p.returncode, p.out) == (1, FAKE_LINE.replace("m.py", "stdin") + "\n")
    # An editor sends its unsaved buffer named after the file on disk: the
    # buffer is linted, not the file.
    write(tmp_path, "m.py", "import os  # FAKE SCO901 1:1 saved version\n")
    p = flake8("--select", "SCO", "--stdin-display-name", "m.py", "-", cwd=tmp_path, env=hook_env(), input=FAKE)
    assert (p.returncode, p.out) == (1, FAKE_LINE + "\n")


def test_jobs_gives_the_same_output(tmp_path):
    for i in range(30):
        write(tmp_path, f"f{i:02d}.py", f"x = 1  # FAKE SCO901 1:{i + 1} m{i}\n" if i % 3 else CLEAN_SOURCE)
    one = flake8("--select", "SCO", "--jobs", "1", ".", cwd=tmp_path, env=hook_env())
    two = flake8("--select", "SCO", "--jobs", "2", ".", cwd=tmp_path, env=hook_env())
    assert one.returncode == two.returncode == 1
    assert sorted(one.out.splitlines()) == sorted(two.out.splitlines())
    assert len(one.out.splitlines()) == 20


def test_internal_error_is_one_sco999_line_not_a_crash(tmp_path):
    write(tmp_path, "a.py", "# CRASH-UNEXPECTED\n")
    write(tmp_path, "b.py", "# CRASH-INTERNAL\n")
    write(tmp_path, "m.py", FAKE)
    for jobs in ("1", "2"):
        p = flake8("--select", "SCO", "--jobs", jobs, "a.py", "b.py", "m.py", cwd=tmp_path, env=hook_env())
        assert p.returncode == 1
        lines = sorted(p.out.splitlines())
        assert lines[0].startswith(
            "a.py:1:1: SCO999 internal error in flake8 plugin: RuntimeError: injected unexpected failure"
            " \u2014 please report this at ")
        assert lines[1].startswith("b.py:1:1: SCO999 internal error in analysis: ValueError: injected failure")
        assert lines[2] == FAKE_LINE
        assert "Traceback" not in p.err
    # flake8 -v shows the traceback through flake8's logger.
    p = flake8("-v", "--select", "SCO", "a.py", cwd=tmp_path, env=hook_env())
    assert "scopelint failed on a.py" in p.err and "Traceback" in p.err
    # SCO999 can be ignored like any code.
    p = flake8("--select", "SCO", "--extend-ignore", "SCO999", "a.py", cwd=tmp_path, env=hook_env())
    assert (p.returncode, p.out) == (0, "")


def test_syntax_error_is_flake8s_e999(tmp_path):
    # flake8 parses first and never runs AST plugins on a file it cannot parse.
    write(tmp_path, "m.py", PARSE_ERROR_SOURCE)
    p = flake8("--select", "SCO,E9", "m.py", cwd=tmp_path)
    assert p.returncode == 1
    assert p.out.startswith("m.py:2:") and " E999 SyntaxError" in p.out
    assert "SCO" not in p.out


@engine_test
def test_e2e_buggy_files(tmp_path):
    for name, source, code, line in [("a.py", SCO101_SOURCE, "SCO101", 5), ("b.py", SCO201_SOURCE, "SCO201", 3)]:
        write(tmp_path, name, source)
        (f,) = [f for f in lint_source(source, name).findings if f.code == code]
        assert f.line == line
        p = flake8("--select", "SCO", name, cwd=tmp_path)
        assert p.returncode == 1
        assert p.out == f"{name}:{line}:{f.column}: {code} {f.message}\n"
        p = flake8("--select", "SCO", "--ignore", code, name, cwd=tmp_path)
        assert (p.returncode, p.out) == (0, "")
    lines = SCO101_SOURCE.splitlines()
    lines[4] += "  # noqa: SCO101"
    write(tmp_path, "c.py", "\n".join(lines) + "\n")
    p = flake8("--select", "SCO", "c.py", cwd=tmp_path)
    assert (p.returncode, p.out) == (0, "")
