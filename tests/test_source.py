"""scopelint.source decodes a module's bytes exactly as CPython's compile()
(and import) does: checked differentially on every combination of BOM,
coding declaration (where it is and what it names), newline style and
bytes that are or are not valid in the declared encoding.
"""

from __future__ import annotations

import ast
import itertools
import warnings

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


CASES = list(itertools.product(BOMS, COOKIES, PLACES, BODIES, NEWLINES))


@pytest.mark.parametrize("bom,cookie,place,body,newline", CASES)
def test_decoding_agrees_with_compile(bom, cookie, place, body, newline):
    data = _program(bom, cookie, place, body, newline)
    ok, expected = _cpython(data)
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
    if text is None:
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
