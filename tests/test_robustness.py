"""Never crash, never hang: every bad input ends as a lint result
or one clear diagnostic, and the run goes on.

- BAD_INPUTS: a table with one row per class of bad file content, checked
  through `lint_source` and through the `scopelint` command (exit codes:
  0 no findings, 1 findings, 2 unreadable path or internal error).
- File-system trouble while walking or reading: deleted, unreadable,
  symlink loops, FIFOs and sockets, non-UTF-8 names.
- Internal errors (injected): named, reported, the other files linted.
- Determinism: the same output whatever --jobs, run after run.

SCO901 positions and messages are CPython's (compile()); the tests compare
with compile() itself rather than with hard-coded positions.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import warnings
from pathlib import Path
from typing import NamedTuple

import pytest

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import SCO101_SOURCE, SCOPELINT, clean_env, scopelint, write  # noqa: E402

import scopelint.linter as linter_mod  # noqa: E402
from scopelint import cli  # noqa: E402
from scopelint import jobs as jobs_module  # noqa: E402
from scopelint.linter import lint_source  # noqa: E402
from scopelint.results import InternalError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TF = b"import tensorflow as tf\n"
BOM = b"\xef\xbb\xbf"
SCO101 = SCO101_SOURCE.encode()  # a finding at 5:9 (line 5 of the program)


def cpython_error(data: bytes):
    """(line, column, message) of CPython's SyntaxError for `data`, or None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, "<cpython>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        return exc.lineno, exc.offset, exc.msg
    except ValueError as exc:  # NUL bytes (before 3.12)
        return None, None, str(exc)
    return None


class Case(NamedTuple):
    id: str
    data: bytes
    # Expected outcome: "clean", "SCO101" (the program's finding), "cpython"
    # (SCO901 exactly where and as CPython reports it), or a tuple
    # ("SCO901", line, column, text in the message).
    expect: object


BAD_INPUTS = [
    # --- Python 2 and other syntax errors: CPython's message and position.
    Case("py2-print", TF + b"print tf.__version__\n", "cpython"),
    Case("py2-except-comma", TF + b"try:\n    pass\nexcept ValueError, e:\n    pass\n", "cpython"),
    Case("py2-octal-literal", TF + b"x = 0777\n", "cpython"),
    Case("py2-backticks", TF + b"x = `tf`\n", "cpython"),
    Case("py2-exec-statement", TF + b"exec 'x = 1'\n", "cpython"),
    Case("py2-ur-string", TF + b"x = ur'abc'\n", "cpython"),
    Case("unclosed-bracket", TF + b"x = tf.get_variable('w', [1\n", "cpython"),
    Case("mixed-tabs", TF + b"if True:\n\tx = 1\n        y = 2\n", "cpython"),
    Case("unexpected-indent", TF + b"x = 1\n    y = 2\n", "cpython"),
    Case("brackets-nested-300", TF + b"x = " + b"(" * 300 + b"1" + b")" * 300 + b"\n", "cpython"),
    Case("indentation-150-deep", TF + b"".join(b" " * i + b"if x:\n" for i in range(150)) + b" " * 150 + b"pass\n",
         "cpython"),
    # --- Bytes and encodings (PEP 263, as CPython's import decodes them).
    Case("undecodable-byte", TF + b"x = '\xff'\n", ("SCO901", 2, 6, "byte 0xff at line 2, column 6 is not valid UTF-8")),
    Case("latin1-without-cookie", TF + b"name = 'caf\xe9'\n", ("SCO901", 2, 12, "not valid UTF-8")),
    # `python file.py` refuses a non-UTF-8 byte even in a comment when no
    # encoding is declared (compile() accepts it); with a declaration it is fine.
    Case("undecodable-byte-in-comment-without-cookie", TF + b"# caf\xe9\n" + SCO101[len(TF):],
         ("SCO901", 2, 6, "no encoding is declared")),
    Case("undecodable-byte-in-comment-with-utf8-cookie",
         b"# coding: utf-8\n" + TF + b"# caf\xe9\n" + SCO101[len(TF):], ("SCO101", 2)),
    Case("wrong-coding-cookie", b"# -*- coding: ascii -*-\n" + TF + b"x = 'caf\xc3\xa9'\n",
         ("SCO901", 3, 9, "cannot decode with the declared encoding 'ascii'")),
    Case("unknown-coding-cookie", b"# -*- coding: klingon -*-\n" + TF,
         ("SCO901", 1, 15, "unknown encoding 'klingon'")),
    Case("non-text-codec-cookie", b"# coding: rot13\n" + TF, ("SCO901", 1, 11, "not a text encoding")),
    Case("latin1-cookie-decodes", b"# coding: latin-1\n" + TF + b"name = 'caf\xe9'\n", "clean"),
    Case("cookie-on-line-2", b"#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\n" + TF + b"n = '\xe9'\n", "clean"),
    Case("utf8-bom", BOM + SCO101, "SCO101"),
    Case("utf8-bom-with-utf8-cookie", BOM + b"# coding: utf-8\n" + SCO101, ("SCO101", 1)),
    Case("utf8-bom-with-latin1-cookie", BOM + b"# coding: latin-1\n" + TF, ("SCO901", 1, 11, "byte order mark")),
    Case("only-a-bom", BOM, "clean"),
    Case("nul-byte", TF + b"x = 1\x00\n", ("SCO901", 2, 6, "NUL byte")),
    Case("binary-png-named-py", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR tensorflow \xff\xd8", ("SCO901", 3, 1, "NUL byte")),
    Case("binary-without-nul", bytes(range(0x80, 0x100)) + b" tensorflow", ("SCO901", 1, 1, "not valid UTF-8")),
    Case("empty-file", b"", "clean"),
    Case("only-whitespace-and-comments", b"# tensorflow\n\n   \n", "clean"),
    Case("cr-only-newlines", SCO101.replace(b"\n", b"\r"), "SCO101"),
    Case("crlf-newlines", SCO101.replace(b"\n", b"\r\n"), "SCO101"),
    Case("form-feed", b"\x0c" + SCO101, "SCO101"),
    Case("no-final-newline", SCO101.rstrip(b"\n"), "SCO101"),
    Case("invalid-escape-warns-in-python-not-here", TF + b"x = '\\d'\n", "clean"),
    # CPython accepts it; libcst's parser cannot: one clear SCO901.
    Case("libcst-cannot-parse", TF + b"w = tf.get_variable('w', [1])\nx = " + b" ".join([b"'a'"] * 5000) + b"\n",
         ("SCO901", 4, 1, "scopelint's parser (libcst) cannot")),  # where libcst gave up
]


def _expected(case: Case):
    """[(code, line, column, text)] the case must produce."""
    if case.expect == "clean":
        return []
    if case.expect == "SCO101" or (isinstance(case.expect, tuple) and case.expect[0] == "SCO101"):
        shift = case.expect[1] if isinstance(case.expect, tuple) else 0
        return [("SCO101", 5 + shift, 9, "already exists")]
    if case.expect == "cpython":
        line, column, message = cpython_error(case.data)
        return [("SCO901", line, column, message)]
    return [case.expect]


def _check(findings, case: Case):
    got = [(f.code, f.line, f.column) for f in findings]
    want = _expected(case)
    assert got == [w[:3] for w in want], (case.id, [f.message for f in findings])
    for f, w in zip(findings, want):
        assert w[3] in f.message, (case.id, f.message)
        assert "\n" not in f.message


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_through_lint_source(case):
    if case.expect == "cpython":
        assert cpython_error(case.data) is not None, "the table row must be a syntax error for CPython"
    result = lint_source(case.data, "m.py")
    _check(result.findings, case)
    assert not result.notes
    # The prefilter never hides a finding of a file that names TensorFlow.
    if b"tensorflow" in case.data:
        assert lint_source(case.data, "m.py", prefilter=False).findings == result.findings


def test_bad_inputs_through_the_command_in_one_run(tmp_path):
    """All rows in one tree: each file gets its own result, the run goes on,
    exit 1 (findings), nothing on stderr."""
    for case in BAD_INPUTS:
        write(tmp_path, f"{case.id}.py", case.data)
    p = scopelint("--format", "concise", "--no-cache", "--jobs", "2", ".", cwd=tmp_path, timeout=300)
    assert p.returncode == 1, p.err
    assert p.err == ""
    lines = p.out.splitlines()
    for case in BAD_INPUTS:
        want = _expected(case)
        got = [line for line in lines if line.startswith(f"{case.id}.py:")]
        assert [line.split(" ")[0:2] for line in got] == [[f"{case.id}.py:{w[1]}:{w[2]}:", w[0]] for w in want], case.id


@pytest.mark.parametrize("case", [c for c in BAD_INPUTS if c.id in ("py2-print", "empty-file", "nul-byte", "utf8-bom")],
                         ids=lambda c: c.id)
def test_bad_input_alone_sets_the_exit_code(tmp_path, case, capsys):
    path = write(tmp_path, "m.py", case.data)
    code = cli.main(["--no-cache", "--jobs", "1", str(path)])
    captured = capsys.readouterr()
    assert code == (1 if _expected(case) else 0), captured
    assert captured.err == ""


def test_lone_surrogate_in_text_input():
    result = lint_source("import tensorflow as tf\nx = '\udc80'\n", "m.py")
    assert [(f.code, f.line, f.column) for f in result.findings] == [("SCO901", 2, 6)]
    assert "unpaired surrogate U+DC80" in result.findings[0].message


def test_compile_never_opens_the_named_file(tmp_path):
    # CPython re-reads the file named in compile() to quote an error line:
    # scopelint must not (a FIFO would block forever, the file may be gone).
    path = tmp_path / "gone.py"
    result = lint_source(TF + b"print tf\n", str(path))
    assert result.findings[0].code == "SCO901" and not path.exists()


def test_warnings_as_errors_do_not_change_the_verdict():
    # Under -W error an invalid escape is a SyntaxError for compile(); the
    # user's warnings are not scopelint's business.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lint_source(TF + b"x = '\\d'\n", "m.py").findings == []


# --- file-system trouble ---------------------------------------------------


def _run_cli(args, capsys):
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_file_deleted_during_the_run(tmp_path, monkeypatch, capsys):
    write(tmp_path, "a.py", SCO101)
    write(tmp_path, "b.py", SCO101)
    write(tmp_path, "c.py", SCO101)
    real = jobs_module.lint_source

    def deleting(source, path, **kw):
        if path.endswith("a.py"):
            os.remove(tmp_path / "b.py")  # found by the walk, gone before it is read
        return real(source, path, **kw)

    monkeypatch.setattr(jobs_module, "lint_source", deleting)
    monkeypatch.chdir(tmp_path)
    code, out, err = _run_cli(["--format", "concise", "--no-cache", "--jobs", "1", "."], capsys)
    assert code == 2
    assert [line.split(":")[0] for line in out.splitlines()] == ["a.py", "c.py"]
    assert err.strip() == "b.py: cannot read: No such file or directory"


def test_unreadable_file_and_directory_simulated(tmp_path, monkeypatch, capsys):
    # (tests/test_discovery.py checks real permissions where not root.)
    write(tmp_path, "secret.py", SCO101)
    write(tmp_path, "locked/m.py", SCO101)
    write(tmp_path, "ok.py", SCO101)
    real_open, real_scandir = builtins.open, os.scandir

    def fake_open(file, *args, **kw):
        if str(file).endswith("secret.py"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kw)

    def fake_scandir(path="."):
        if str(path).rstrip("/").endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    monkeypatch.chdir(tmp_path)
    code, out, err = _run_cli(["--format", "concise", "--no-cache", "--jobs", "1", "."], capsys)
    assert code == 2
    assert [line.split(":")[0] for line in out.splitlines()] == ["ok.py"]
    assert "secret.py: cannot read: Permission denied" in err
    assert "locked: cannot read directory: Permission denied; skipped" in err
    assert "Traceback" not in err


def test_walk_survives_loops_fifos_sockets_and_odd_names(tmp_path):
    write(tmp_path, "pkg/m.py", SCO101)
    os.symlink(".", tmp_path / "pkg" / "loop")
    os.symlink("self.py", tmp_path / "pkg" / "self.py")
    os.mkfifo(tmp_path / "pkg" / "fifo.py")
    with open(os.path.join(os.fsencode(tmp_path), b"pkg", b"caf\xe9.py"), "wb") as fh:
        fh.write(SCO101)
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "pkg" / "sock.py"))
        p = scopelint("--format", "concise", "--no-cache", "pkg", cwd=tmp_path, timeout=120)
    finally:
        sock.close()
    assert p.returncode == 1, p.err
    assert [line.split(":")[0] for line in p.out.splitlines()] == ["pkg/caf\\xe9.py", "pkg/m.py"]
    for text in ("pkg/loop: symbolic link loop; skipped", "pkg/self.py: cannot access", "pkg/fifo.py: not a regular file",
                 "pkg/sock.py: not a regular file", "pkg/caf\\xe9.py: file name is not valid UTF-8"):
        assert text in p.err


def test_file_over_the_size_limit_is_a_warning_not_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(linter_mod, "MAX_SOURCE_BYTES", 1000)
    write(tmp_path, "big.py", SCO101 + b"x = 1\n" * 200)
    write(tmp_path, "small.py", SCO101)
    monkeypatch.chdir(tmp_path)
    code, out, err = _run_cli(["--format", "concise", "--no-cache", "--jobs", "1", "."], capsys)
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()] == ["small.py"]
    assert "scopelint: warning: big.py: not analysed: 0.0 MB is over scopelint's limit" in err


# --- internal errors ---------------------------------------------------------


def _three_files(tmp_path):
    write(tmp_path, "a.py", SCO101)
    write(tmp_path, "b.py", SCO101.replace(b"'s'", b"'boom'"))  # the file the bug hits
    write(tmp_path, "c.py", SCO101)


def _assert_reported(code, out, err, phase):
    assert code == 2
    assert [line.split(":")[0] for line in out.splitlines()] == ["a.py", "c.py"]
    assert err.startswith(f"b.py: internal error in {phase}: ")
    assert "please report this at https://github.com/scopelint/scopelint/issues" in err
    assert "Traceback" not in err


def test_internal_error_in_the_engine(tmp_path, monkeypatch, capsys):
    import scopelint.engine.analysis as analysis

    real = analysis.analyze_module

    def buggy(module, *args, **kwargs):
        if "boom" in module.code:
            raise KeyError("boom")
        return real(module, *args, **kwargs)

    monkeypatch.setattr(analysis, "analyze_module", buggy)
    _three_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = _run_cli(["--format", "concise", "--no-cache", "--jobs", "1", "."], capsys)
    _assert_reported(code, out, err, "analysis")
    assert "KeyError: 'boom'" in err
    # -v adds the traceback.
    code, out, err = _run_cli(["-v", "--no-cache", "--jobs", "1", "b.py"], capsys)
    assert code == 2 and "Traceback" in err and "in buggy" in err


def test_internal_error_in_a_rule_names_the_rule(tmp_path, monkeypatch, capsys):
    import scopelint.rules as rules
    from scopelint.rules import sco201_name_scope_ignored as sco201

    # A buggy check compiled into the rule's own module namespace: the rule
    # is named after the module its failing code belongs to.
    namespace = dict(vars(sco201), real=sco201.RULE.check)
    exec(compile(
        "def check(analysis):\n"
        "    if 'boom' in analysis.module.code:\n"
        "        raise ZeroDivisionError('bug in a rule')\n"
        "    return real(analysis)\n",
        sco201.__file__, "exec"), namespace)
    patched = tuple(dataclasses.replace(r, check=namespace["check"]) if r.code == "SCO201" else r for r in rules.ALL_RULES)
    monkeypatch.setattr(rules, "ALL_RULES", patched)
    _three_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = _run_cli(["--format", "concise", "--no-cache", "--jobs", "1", "."], capsys)
    _assert_reported(code, out, err, "rule SCO201 (name-scope-ignored)")
    assert "ZeroDivisionError: bug in a rule" in err


class PanicException(BaseException):
    """Stands for pyo3_runtime.PanicException (a BaseException, not an Exception)."""


def test_native_parser_panic_is_an_internal_error(tmp_path, monkeypatch, capsys):
    import libcst

    real = libcst.parse_module

    def panicking(text, *a, **kw):
        if "boom" in text:
            raise PanicException("called `Option::unwrap()` on a `None` value")
        return real(text, *a, **kw)

    monkeypatch.setattr(libcst, "parse_module", panicking)
    with pytest.raises(InternalError) as info:
        lint_source(SCO101.replace(b"'s'", b"'boom'"), "b.py")
    assert info.value.phase == "parse" and isinstance(info.value.cause, PanicException)
    _three_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = _run_cli(["--format", "concise", "--no-cache", "--jobs", "1", "."], capsys)
    _assert_reported(code, out, err, "parse")


def test_engine_import_failure_is_an_internal_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "scopelint.engine.analysis", None)  # import raises ImportError
    with pytest.raises(InternalError) as info:
        lint_source(SCO101, "m.py")
    assert info.value.phase == "import of the analysis engine"
    # Files that need no engine still lint.
    assert lint_source(TF + b"print x\n", "m.py").findings[0].code == "SCO901"
    assert lint_source(b"x = 1\n", "m.py").skipped


def test_internal_error_in_a_worker_process(tmp_path):
    # The real command, --jobs 2: the hook injects a failure in one file.
    hook = Path(__file__).parent / "data" / "frontends" / "hook"
    for i in range(24):
        write(tmp_path, f"f{i:02d}.py", b"# CRASH-UNEXPECTED\n" if i == 5 else SCO101)
    env = clean_env(PYTHONPATH=str(hook), SCOPELINT_TEST_HOOK="1")
    p = subprocess.run([SCOPELINT, "--format", "concise", "--no-cache", "--jobs", "2", "."], cwd=tmp_path,
                       capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 2
    assert len(p.stdout.splitlines()) == 23  # the 23 other files' findings
    assert "f05.py: internal error in lint_source: RuntimeError: injected unexpected failure" in p.stderr
    assert "Traceback" not in p.stderr


def test_import_scopelint_does_not_import_libcst():
    code = "import sys, scopelint; assert 'libcst' not in sys.modules; scopelint.lint_source; assert 'libcst' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, env=clean_env(), timeout=120)


def test_deep_stack_thread_restores_the_recursion_limit():
    before = sys.getrecursionlimit()
    lint_source(SCO101, "m.py")
    assert sys.getrecursionlimit() == before


# --- determinism ---------------------------------------------------------------


@pytest.mark.slow  # many CLI runs
def test_output_is_the_same_whatever_jobs_run_after_run(tmp_path):
    for sub in ("examples", "tests/programs"):
        shutil.copytree(ROOT / sub, tmp_path / sub, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
    for case in BAD_INPUTS[:8]:
        write(tmp_path, f"bad/{case.id}.py", case.data)
    outputs = []
    for jobs in ("1", "2", "1", "2"):
        for extra in ([], ["--names", "--format", "json"]):
            p = scopelint("--no-cache", "--jobs", jobs, *extra, ".", cwd=tmp_path, timeout=600)
            outputs.append((tuple(extra), p.returncode, p.out, p.err))
    first = {extra: (code, out, err) for extra, code, out, err in outputs[:2]}
    for extra, code, out, err in outputs:
        assert (code, out, err) == first[extra]
    assert first[()][0] == 1 and first[()][1].count("SCO1") > 20
