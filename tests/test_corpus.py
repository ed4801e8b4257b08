"""scopelint on the corpus: realistic correct programs give no finding, buggy
ones are flagged on the right line with the right rule (what TF itself does
with each program is checked by tests/test_oracle_corpus.py)."""

from __future__ import annotations

import pytest

import scopelint
from corpus import programs

CORRECT = programs("correct")
BUGGY = programs("buggy")
EXAMPLES = programs("examples")


def test_corpus_is_large_enough():
    assert len(CORRECT) >= 25 and len(BUGGY) >= 25
    assert all(p.expect for p in BUGGY)


@pytest.mark.parametrize("prog", CORRECT, ids=lambda p: p.path.name)
def test_correct_program_is_clean(prog):
    result = scopelint.lint_source(prog.source, prog.id)
    assert result.findings == []


@pytest.mark.parametrize("prog", BUGGY + EXAMPLES, ids=lambda p: p.path.name)
def test_findings_match_expectations(prog):
    result = scopelint.lint_source(prog.source, prog.id)
    got = sorted((f.code, f.line) for f in result.findings)
    assert got == sorted(prog.expect), [(f.code, f.line, f.message) for f in result.findings]
