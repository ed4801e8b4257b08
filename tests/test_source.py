"""scopelint.source decodes a module's bytes as CPython does: checked
differentially on every combination of BOM, coding declaration (where it is
and what it names), newline style and bytes that are or are not valid in the
declared encoding. The judge is compile() (what import does), except where
running the file (`python file.py`) is stricter: bytes that are not UTF-8
in a comment of a file that declares no encoding, which compile() accepts
and `python file.py` refuses; there the real interpreter, run on the file,
is the judge.
"""

from __future__ import annotations

import ast
import itertools
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scopelint.source import decode_source, declared_encoding, python_parse, python_syntax_problem

BOMS = [b"", b"\xef\xbb\xbf"]
COOKIES = [
    None, b"# -*- coding: utf-8 -*-", b"# coding=latin-1", b"# vim: set fileencoding=ascii :", b"# coding: cp1252",
    b"# coding: klingon", b"# coding: rot13", b"# coding: utf8", b"# coding: UTF_8", b"# coding: iso-latin-1-unix",
    b"x = 1  # coding: latin-1",  # not alone on its line: not a declaration
]
PLACES = [1, 2, 3]  # the declaration's line (only lines 1-2 count, line 1 must then be blank or a comment)
BODIES = [
    b"x = 'abc'",
    b"x = 'caf\xc3\xa9'",  # UTF-8
    b"x = 'caf\xe9'",  # latin-1 in a string
    b"x = 1  # caf\xe9",  # latin-1 in a comment
    b"x\xff = 1",  # in code
    b"s = '''a\rb'''",  # a CR inside a string
]
NEWLINES = [b"\n", b"\r\n", b"\r"]


def _program(bom, cookie, place, body, newline):
    lines = [b"#!/usr/bin/env python", b"import os"]
    if cookie is not None:
        lines.insert(place - 1, cookie)
    lines.append(body)
    lines.append(b"y = 2")
    return bom + newline.join(lines) + newline


def _cpython(data: bytes):
    """(ok, AST dump) as compile() sees the bytes."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = compile(data, "<bytes>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return False, None
    return True, ast.dump(tree)


def _python_runs(data: bytes) -> bool:
    """Whether `python file.py` accepts the file (the programs here only
    assign names and import os)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "program.py"
        path.write_bytes(data)
        proc = subprocess.run([sys.executable, "-I", "-S", str(path)], cwd=tmp, capture_output=True, timeout=60)
    return proc.returncode == 0


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


CASES = list(itertools.product(BOMS, COOKIES, PLACES, BODIES, NEWLINES))


@pytest.mark.parametrize("bom,cookie,place,body,newline", CASES)
def test_decoding_agrees_with_python(bom, cookie, place, body, newline):
    data = _program(bom, cookie, place, body, newline)
    ok, expected = _cpython(data)
    if ok and not _valid_utf8(data):  # where running the file may be stricter than compile()
        ok = _python_runs(data)
    text, problem = decode_source(data)
    assert (text is not None) == ok, (data, problem)
    if ok:
        tree, syntax = python_parse(text)
        assert syntax is None and ast.dump(tree) == expected
        assert "\r" not in text and not text.startswith("\ufeff")
    else:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
@given(st.binary(max_size=40), st.sampled_from(COOKIES), st.sampled_from(BOMS))
def test_arbitrary_bytes_agree_with_compile(noise, cookie, bom):
    data = bom + (cookie + b"\n" if cookie else b"") + b"x = 1\n" + noise + b"\n"
    ok, _expected = _cpython(data)
    text, problem = decode_source(data)
    # Every cookie here that starts a line with `#` is a declaration on line 1.
    declared = bool(bom) or (cookie is not None and cookie.startswith(b"#"))
    if text is None and ok:
        # Only `python file.py`'s stricter rule refuses what compile() accepts
        # (test_python_refuses_undeclared_non_utf8_even_in_a_comment runs it).
        assert not declared and not _valid_utf8(data), (data, problem)
    elif text is None:
        assert not ok, (data, problem)
    elif ok:  # decodable: CPython's syntax verdict on the text is its verdict on the bytes
        assert python_parse(text)[1] is None
        assert python_syntax_problem(text) is None
    else:
        assert python_parse(text)[1] is not None, data
        assert python_syntax_problem(text) == python_parse(text)[1]


# Valid ASTs that CPython's symbol table (the fast first check) refuses, and
# real syntax errors: the verdict is always compile(..., ONLY_AST)'s.
SYMTABLE_ONLY = [
    "from __future__ import google_type_annotations\n",  # seen in a released magenta module
    "x = 1\nfrom __future__ import division\n",
    "nonlocal x\n",
    "def f(a, a):\n    pass\n",
    "def f():\n    x = 1\n    global x\n",
]
SYNTAX_ERRORS = ["print 'x'\n", "def f(:\n", "x = (" * 300 + "1" + ")" * 300 + "\n", "a\x00b\n"]


@pytest.mark.parametrize("text", SYMTABLE_ONLY + SYNTAX_ERRORS)
def test_the_fast_syntax_check_gives_the_ast_verdict(text):
    assert python_syntax_problem(text) == python_parse(text)[1]
    assert (python_syntax_problem(text) is None) == (text in SYMTABLE_ONLY)


def test_declared_encoding():
    assert declared_encoding(b"x = 1\n") is None
    assert declared_encoding(b"# -*- coding: latin-1 -*-\n") == "iso-8859-1"
    assert declared_encoding(b"#!python\r\n# coding=utf-7\r\n") == "utf-7"
    assert declared_encoding(b"x = 1\n# coding: cp1252\n") is None  # line 1 is code
    assert declared_encoding(b"#\n#\n# coding: cp1252\n") is None  # line 3 does not count


@pytest.mark.parametrize("prefix,body", [
    (b"", b"x = 1  # caf\xe9"),  # no declaration: refused, even in a comment
    (b"", b"# \xff\xfe"),
    (b"# -*- coding: utf-8 -*-\n", b"x = 1  # caf\xe9"),  # declared: tolerated in a comment
    (b"\xef\xbb\xbf", b"x = 1  # caf\xe9"),  # BOM: tolerated in a comment
    (b"# coding: latin-1\n", b"x = 1  # caf\xe9"),
    (b"", b"x = 1  # caf\xc3\xa9"),  # valid UTF-8
])
def test_python_refuses_undeclared_non_utf8_even_in_a_comment(tmp_path, prefix, body):
    data = prefix + b"import os\n" + body + b"\ny = 2\n"
    text, problem = decode_source(data)
    assert (text is not None) == _python_runs(data), problem
    if problem is not None:
        assert problem.line == 2 + prefix.count(b"\n")  # the body's line
        assert "no encoding is declared" in problem.message


def test_undeclared_non_utf8_is_sco901_through_the_command(tmp_path):
    from scopelint.linter import lint_source

    data = b"import tensorflow as tf\nx = tf.constant(1)  # r\xe9sum\xe9\n"
    result = lint_source(data, "m.py")
    assert [(f.code, f.line, f.column) for f in result.findings] == [("SCO901", 2, 24)]
