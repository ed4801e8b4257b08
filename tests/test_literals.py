"""Literal evaluation (engine/pyruntime.literal): the memoised fast path
gives what ast.literal_eval gives, and what it cannot follow stays unknown."""

import ast

import pytest

from scopelint.engine.pyruntime import literal
from scopelint.engine.values import Unknown

KNOWN = [
    "'a'", '"a"', "''", '""', "'it\\'s'", "'a\\nb'", "r'a\\d'", "u'x'", "'''a\nb'''", '"""q"""', "'\"'",
    '"\'\'\'"', "0", "10", "0x1F", "1_000", "1.5", "1e-5", "2.", ".5",
]


@pytest.mark.parametrize("text", KNOWN)
def test_literal_agrees_with_literal_eval(text):
    assert literal(text) == ast.literal_eval(text)
    assert type(literal(text)) is type(ast.literal_eval(text))
    assert literal(text) == ast.literal_eval(text)  # memoised: the same again


@pytest.mark.parametrize("text", ["b'x'", "1j", "'unterminated"])
def test_what_is_not_followed_is_a_new_unknown_each_time(text):
    first, second = literal(text), literal(text)
    assert isinstance(first, Unknown) and isinstance(second, Unknown)
    assert first is not second  # unknowns are told apart by identity
