"""Every program of the semantics notes: scopelint's predicted names and
errors must equal what real TensorFlow was observed to do (no TF needed here;
the oracle tests re-check against live TF)."""

from __future__ import annotations

import re

import pytest

import scopelint
from semantics_notes import load

# Behaviour of the test environment rather than of TF1 code (TF2 name_scope,
# TF 2.x without tf.contrib), and runs that need the oracle's --repeat/--contrib.
ENVIRONMENT_ONLY = {62, 68}
# Programs whose names scopelint does not predict (none today: custom getters
# of the analysed code and fixed-size partitioners are followed).
NAMES_UNKNOWN: set = set()
# TF errors scopelint does not model (none today: the initializer/dtype clash is SCO110).
NOT_MODELLED_ERRORS: set = set()

SECTIONS = [o for o in load() if o.number not in ENVIRONMENT_ONLY and "repeat" not in o.flags and "contrib" not in o.flags]


def first_sentence(message: str) -> str:
    return message.split(" Did you mean")[0].split(" Originally defined")[0]


def _matches(expected: str, predicted: str) -> bool:
    if "?" not in predicted:
        return expected == predicted
    pattern = "^" + ".*".join(re.escape(p) for p in predicted.split("?")) + "$"
    return re.match(pattern, expected) is not None


def test_notes_were_parsed():
    assert len(SECTIONS) >= 55
    assert any(o.error for o in SECTIONS) and any(o.reused for o in SECTIONS)


@pytest.mark.parametrize("obs", SECTIONS, ids=lambda o: f"rule{o.number}")
def test_rule_program(obs):
    result = scopelint.lint_source(obs.program, f"rule{obs.number}.py", names=True)
    errors = [f for f in result.findings if f.code.startswith("SCO1")]
    if obs.error and obs.number not in NOT_MODELLED_ERRORS:
        etype, lines, message = obs.error
        hits = [f for f in errors if f.line in lines and first_sentence(message) in f.message]
        assert hits, f"TF raises {etype} at {lines}: {message!r}; scopelint: {[(f.line, f.message) for f in errors]}"
    else:
        assert not errors, f"TF runs cleanly; scopelint claims {[(f.line, f.message) for f in errors]}"
    if obs.number in NAMES_UNKNOWN:
        return
    predicted = [(r.name, r.line, r.action) for r in result.names]
    expected = [(n, lines[-1], "create") for n, lines, _ in obs.created] + [(n, lines[-1], "reuse") for n, lines, _ in obs.reused]
    missing = []
    for name, line, action in expected:
        for p in predicted:
            if p[1] == line and p[2] in (action, "unknown") and _matches(name, p[0]):
                predicted.remove(p)
                break
        else:
            missing.append((name, line, action))
    stop = obs.error[1][-1] if obs.error else None
    extra = [p for p in predicted if stop is None or p[1] < stop]
    assert not missing and not extra, f"TF's names not predicted: {missing}; predicted but not made by TF: {extra}"
