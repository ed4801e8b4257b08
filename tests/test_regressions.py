"""Every program in tests/regressions/ must agree with real TensorFlow.

Each file there is a minimal program on which scopelint once disagreed with
TensorFlow (found by tests/test_differential.py or
``python -m tests.oracle.agreement``). Its first comment line says what TF
does. The test runs it under the oracle and through
``scopelint.lint_source(..., names=True)`` and asserts that
tests/oracle/compare.py finds no disagreement.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.oracle.agreement import invalid_program
from tests.oracle.compare import compare

pytestmark = pytest.mark.slow  # every regression program under TensorFlow

REGRESSIONS = Path(__file__).resolve().parent / "regressions"
PROGRAMS = sorted(REGRESSIONS.glob("*.py"))


def _what_tf_does(source: str) -> str:
    for line in source.splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
        break
    return ""


@pytest.mark.skipif(not PROGRAMS, reason="no regression programs yet")
@pytest.mark.parametrize("path", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_regression_agrees_with_tensorflow(oracle, path):
    import scopelint

    source = path.read_text()
    result = oracle.run(source, filename=path.name)
    assert result.judged, f"{path.name}: the oracle could not run it: {result.error}"
    why = invalid_program(result)
    assert why is None, f"{path.name} is not a valid scoping program: {why}"
    lint_result = scopelint.lint_source(source, path.name, names=True)
    cmp = compare(result, lint_result, source=source)
    assert cmp.ok, f"{path.name} ({_what_tf_does(source)})\n{cmp.report()}"
