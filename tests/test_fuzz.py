"""Generated programs never raise out of the linter.

hypothesmith writes programs from Python's grammar (syntactically valid or
not) and from libcst's node types (valid); each is linted as a module that
imports TensorFlow, so the engine runs on it, and with the prefilter off.
Any exception out of `lint_source` (InternalError included) fails.

CI runs a modest number of examples; a developer's machine, thousands:

    SCOPELINT_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py
"""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.slow  # thousands of generated programs

hypothesis = pytest.importorskip("hypothesis")
hypothesmith = pytest.importorskip("hypothesmith")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from scopelint.linter import lint_source  # noqa: E402

EXAMPLES = int(os.environ.get("SCOPELINT_FUZZ_EXAMPLES", "100"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("SCOPELINT_FUZZ_RANDOM") != "1",  # CI: the same examples every run
    database=None,
)

PREFIXES = st.sampled_from([
    "import tensorflow as tf\n",
    "import tensorflow.compat.v1 as tf\nfrom tensorflow.python.ops import variable_scope as vs\n",
    "import tf_slim as slim\nimport tensorflow as tf\nwith tf.variable_scope('s', reuse=tf.AUTO_REUSE):\n    pass\n",
])


def _lint(source: str) -> None:
    for names in (False, True):
        result = lint_source(source, "fuzz.py", names=names, prefilter=False)
        for f in result.findings:
            assert f.line >= 1 and f.column >= 1 and "\n" not in f.message


@SETTINGS
@given(prefix=PREFIXES, body=hypothesmith.from_grammar())
def test_programs_from_the_grammar_never_raise(prefix, body):
    _lint(prefix + body)


@SETTINGS
@given(prefix=PREFIXES, body=hypothesmith.from_node())
def test_programs_from_libcst_nodes_never_raise(prefix, body):
    _lint(prefix + body)


@SETTINGS
@given(source=hypothesmith.from_grammar().map(lambda s: s.encode("utf-8", "surrogatepass")), noise=st.binary(max_size=8),
       at=st.integers(min_value=0, max_value=200))
def test_programs_with_stray_bytes_never_raise(source, noise, at):
    data = b"import tensorflow as tf\n" + source
    at = min(at, len(data))
    lint_source(data[:at] + noise + data[at:], "fuzz.py", prefilter=False)
