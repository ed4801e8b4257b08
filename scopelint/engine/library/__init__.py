"""TensorFlow as the analysis models it: core scoping and variables
(scopes.py, variables.py), plain ops (ops.py), and the libraries that
create variables for the user: tf.layers, RNN cells, optimizers, moving
averages, templates, slim / contrib.layers, Keras; Savers and restores.

Each module registers into `dispatch.REGISTRY`; importing this package
registers them all.
"""

from scopelint.engine.library import (
    getters,
    gradients,
    keras,
    layers,
    metrics,
    numpy_values,
    ops,
    partitions,
    regularization,
    rnn,
    saving,
    scopes,
    slim,
    tensor_ops,
    training,
    variables,
)

__all__ = [
    "getters",
    "gradients",
    "keras",
    "layers",
    "metrics",
    "numpy_values",
    "ops",
    "partitions",
    "regularization",
    "rnn",
    "saving",
    "scopes",
    "slim",
    "tensor_ops",
    "training",
    "variables",
]
