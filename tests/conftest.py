"""Shared pytest fixtures.

`oracle`: one TensorFlow worker for the whole session (tests/oracle/client.py).
When TensorFlow is not importable the tests that use it FAIL, so CI cannot
pass without the oracle; set SCOPELINT_SKIP_ORACLE=1 to skip them instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `tests.oracle` importable under plain `pytest` too
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def oracle():
    from tests.oracle.client import SKIP_ENV, Oracle, OracleUnavailable, oracle_unavailable_reason

    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: TensorFlow oracle tests skipped")
    reason = oracle_unavailable_reason()
    if reason is None:
        instance = Oracle(spare=True)
        try:
            instance.start()
        except OracleUnavailable as exc:
            reason = str(exc)
    if reason is not None:
        pytest.fail(
            f"the TensorFlow oracle is unavailable: {reason}\n"
            f"Set {SKIP_ENV}=1 to skip the oracle tests.",
            pytrace=False,
        )
    try:
        yield instance
    finally:
        instance.close()
