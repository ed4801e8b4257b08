"""Library APIs judged by real TensorFlow.

Each program in tests/programs/library/ runs under the oracle and through
`scopelint.lint_source(..., names=True)`; tests/oracle/compare.py must find
no disagreement: every variable TF made or reused is predicted with its name,
action and line, and an SCO1xx finding sits where TF raised (none when it ran
cleanly). A first-lines `# contrib` maps tf.contrib onto tf_slim.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.oracle.compare import compare

pytestmark = pytest.mark.slow  # every library program under TensorFlow

PROGRAMS = sorted((Path(__file__).resolve().parent / "programs" / "library").glob("*.py"))


@pytest.mark.parametrize("path", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_library_program_agrees_with_tensorflow(oracle, path):
    import scopelint

    source = path.read_text()
    contrib = "# contrib" in source.split("\n", 2)[0]
    result = oracle.run(source, contrib=contrib, filename=path.name)
    assert result.judged, f"{path.name}: the oracle could not run it: {result.error}"
    assert result.created, f"{path.name}: TF made no variable; the program tests nothing"
    lint = scopelint.lint_source(source, path.name, names=True)
    cmp = compare(result, lint, source=source)
    assert cmp.ok, f"{path.name}\n{cmp.report()}"
    # Nothing known is left unpredicted: at most a few wildcard names.
    assert cmp.unknown_predictions <= max(1, len(result.created) // 4), cmp.report()


def test_library_programs_cover_every_api_family():
    text = "\n".join(p.read_text() for p in PROGRAMS)
    for api in ("tf.layers.dense", "tf.layers.Dense", "tf.layers.conv2d", "tf.layers.batch_normalization",
                "dynamic_rnn", "static_rnn", "bidirectional_dynamic_rnn", "MultiRNNCell", "AdamOptimizer",
                "MomentumOptimizer", "apply_gradients", "ExponentialMovingAverage", "make_template",
                "get_local_variable", "slim.repeat", "slim.stack", "arg_scope", "fully_connected",
                "tf.keras.layers", "tf.metrics.accuracy", "fixed_size_partitioner"):
        assert api in text, api
