"""Differential test: scopelint's predictions against real TensorFlow.

Hypothesis writes random but valid TF1 scoping programs
(tests/oracle/generator.py); each one runs under TensorFlow (the `oracle`
fixture) and through ``scopelint.lint_source(..., names=True)``, and
tests/oracle/compare.py must find no disagreement: the same variables
created/reused with the same names on the same lines, and an SCO1xx finding
exactly where TF raised.

CI runs a fixed, derandomized set (400 programs by default, about 20 s).
``SCOPELINT_DIFF_EXAMPLES=2000`` raises the count; ``SCOPELINT_DIFF_SEED``
switches from the derandomized set to a random seed (printed on failure by
hypothesis as ``@seed(...)``). On failure the shrunk program is printed,
ready to be saved under tests/regressions/ (see docs/differential-testing.md).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, seed, settings

from tests.oracle.agreement import disagreement_kinds, invalid_program, regression_comment
from tests.oracle.compare import compare
from tests.oracle.generator import programs

pytestmark = pytest.mark.slow  # 400 generated programs under TensorFlow

EXAMPLES = int(os.environ.get("SCOPELINT_DIFF_EXAMPLES", "400"))
RANDOM_SEED = os.environ.get("SCOPELINT_DIFF_SEED")

settings.register_profile(
    "scopelint-differential",
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=RANDOM_SEED is None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def _failure_message(title: str, source: str, detail: str, comment: str = "") -> str:
    comment_line = f"# {comment}\n" if comment else ""
    return (
        f"{title}\n{detail}\n\n"
        "To keep this program as a regression, save the lines between the markers as\n"
        "tests/regressions/<short_name>.py (edit the first comment line if needed):\n"
        "----- 8< -----\n"
        f"{comment_line}{source}"
        "----- >8 -----"
    )


def _check(oracle, source: str) -> None:
    import scopelint

    result = oracle.run(source)
    assert result.judged, _failure_message(
        "the oracle could not run this program (timeout or worker crash)", source, str(result.error)
    )
    why = invalid_program(result)
    assert why is None, _failure_message(
        "generator bug: the program raised something other than a TF scoping error", source, why or ""
    )
    lint_result = scopelint.lint_source(source, "program.py", names=True)
    cmp = compare(result, lint_result, source=source)
    if not cmp.ok:
        kinds = ", ".join(sorted(set(disagreement_kinds(cmp))))
        pytest.fail(
            _failure_message(
                f"scopelint disagrees with TensorFlow ({kinds})",
                source,
                cmp.report(),
                regression_comment({"result": result}),
            ),
            pytrace=False,
        )


def _maybe_seed(test):
    return seed(int(RANDOM_SEED))(test) if RANDOM_SEED is not None else test


@_maybe_seed
@settings(settings.get_profile("scopelint-differential"))
@given(program=programs())
def test_scopelint_agrees_with_tensorflow(oracle, program):
    _check(oracle, program.render())
