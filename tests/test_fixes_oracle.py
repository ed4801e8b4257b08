"""Automatic fixes judged by real TensorFlow (tests/oracle/fixes.py).

For the rules' invalid examples, the buggy corpus and generated programs
that raise: after the fixes TF no longer raises the error they fixed, a
silent bug's fix makes TF raise nothing new, a safe fix leaves what TF
creates unchanged (up to the original error), and fixing again changes
nothing, with every comment kept.
"""

from __future__ import annotations

import io
import tokenize

import pytest

from scopelint.fixing import fix_until_stable
from scopelint.rules import ALL_RULES
from tests.oracle.fixes import BUGGY, judge, lint_alone, raising_generated, same_until_error

FIXING_RULES = [r for r in ALL_RULES if r.fix is not None]
EXAMPLES = [(r, i, ex) for r in FIXING_RULES for i, ex in enumerate(r.invalid)]
BUGGY_FILES = sorted(BUGGY.glob("*.py"))
# Measured: `python -m tests.oracle.fixes` (README, "Fixes"); a drop is a regression.
MIN_CLEAN_BUGGY = 12


def _comments(source: str) -> list:
    return [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.COMMENT]


def _error_key(result):
    e = result.error
    return None if e is None else (e.get("type"), (e.get("message") or "").split("\n")[0][:80], tuple(e.get("lines") or ()))


def _assert_judgement(oracle, source: str, filename: str) -> "tuple":
    """The checks every fixed program passes; returns the unsafe judgement."""
    j = judge(oracle, source, unsafe=True, filename=filename)
    if not j.fixes:
        return j
    assert j.before.judged and j.after.judged, filename
    assert fix_until_stable(j.fixed, lint_alone, unsafe=True) == (j.fixed, []), f"{filename}: not idempotent"
    assert _comments(j.fixed) == _comments(source), f"{filename}: comments changed"
    if j.after.raised:
        # An error TF raised before is gone (a later one it hid may remain); nothing new raises otherwise.
        assert j.before.raised, f"{filename}: the fixes made TF raise\n{j.fixed}\n{j.after.describe()}"
        if any(f.code.startswith("SCO1") for f in j.fixes):
            assert _error_key(j.after) != _error_key(j.before), f"{filename}: the error is still there\n{j.fixed}"
    safe = judge(oracle, source, unsafe=False, filename=filename)
    if safe.fixes:
        assert all(f.safety == "safe" for f in safe.fixes)
        assert same_until_error(safe.before, safe.after), (
            f"{filename}: a safe fix changed what TF creates\n{safe.before.describe()}\n--\n{safe.after.describe()}"
        )
    return j


@pytest.mark.parametrize("rule,i,example", EXAMPLES, ids=[f"{r.code}-{i}" for r, i, _ in EXAMPLES])
def test_rule_examples_fixed_under_tf(oracle, rule, i, example):
    j = _assert_judgement(oracle, example.code, f"{rule.code}-{i}")
    if j.fixes and rule.code.startswith("SCO1") and any(f.code == rule.code for f in j.fixes):
        assert not j.after.raised or _error_key(j.after) != _error_key(j.before)


@pytest.mark.parametrize("rule", FIXING_RULES, ids=[r.code for r in FIXING_RULES])
def test_every_fix_is_shown_by_an_example(rule):
    fixed = [f.code for ex in rule.invalid for f in fix_until_stable(ex.code, lint_alone, unsafe=True)[1]]
    assert rule.code in fixed


@pytest.mark.parametrize("path", BUGGY_FILES, ids=[p.name for p in BUGGY_FILES])
def test_buggy_program_fixed_under_tf(oracle, path):
    _assert_judgement(oracle, path.read_text(encoding="utf-8"), path.name)


def test_share_of_buggy_programs_tf_runs_cleanly(oracle):
    clean = sum(judge(oracle, p.read_text(encoding="utf-8"), unsafe=True, filename=p.name).clean_after for p in BUGGY_FILES)
    assert clean >= MIN_CLEAN_BUGGY, f"{clean}/{len(BUGGY_FILES)} run cleanly after --fix --unsafe-fixes"


def _generated(oracle, n: int) -> None:
    fixed = 0
    for k, source in enumerate(raising_generated(oracle, n)):
        j = _assert_judgement(oracle, source, f"generated-{k}")
        fixed += bool(j.fixes)
    assert fixed >= n // 4  # about half get a fix (README)


def test_generated_raising_programs_fixed_under_tf(oracle):
    _generated(oracle, 100)


@pytest.mark.slow
def test_more_generated_raising_programs_fixed_under_tf(oracle):
    _generated(oracle, 500)
