"""The semantics notes' rules, re-run under the TensorFlow oracle.

Each rule of tests/data/tf1-semantics.md (a copy of the shared notes) is
read by tests/semantics_notes.py: its program and its "Observed" block, in
the wording of `OracleResult.observed()` (see `OracleRule`).

Rules 5, 8, 10, 15, 22, 33, 42, 46, 52, 53, 54, 57, 58, 60, 64, 67 and 68 are
checked field by field in test_oracle_harness.py and are not repeated here.
The programs here double as the first oracle-backed examples for the engine.
"""

from __future__ import annotations

import re

import pytest

from tests.semantics_notes import NOTES, oracle_rules

IN_HARNESS_TESTS = {5, 8, 10, 15, 22, 33, 42, 46, 52, 53, 54, 57, 58, 60, 64, 67, 68}
ALL_RULES = oracle_rules()
RULES = [rule for rule in ALL_RULES if rule.number not in IN_HARNESS_TESTS]


def test_every_observed_block_is_read():
    text = NOTES.read_text(encoding="utf-8")
    assert len(ALL_RULES) == len(re.findall(r"^Observed[^:\n]*:$", text, re.M))
    assert IN_HARNESS_TESTS <= {rule.number for rule in ALL_RULES}
    assert len(RULES) == 51


def test_rule_numbers_are_unique():
    numbers = [rule.number for rule in RULES]
    assert len(numbers) == len(set(numbers))


@pytest.mark.slow
@pytest.mark.parametrize("rule", RULES, ids=lambda rule: f"rule{rule.number}")
def test_rule_reproduces_under_tensorflow(oracle, rule):
    result = oracle.run(rule.source, contrib=rule.contrib, repeat=rule.repeat)
    got = result.observed()
    context = f"rule {rule.number}: {rule.title}\nTensorFlow did:\n{result.describe()}"
    assert got["created"] == list(rule.created), context
    assert got["reused"] == list(rule.reused), context
    assert got["error"] == rule.error, context
    if rule.printed is not None:
        assert got["printed"] == rule.printed, context
