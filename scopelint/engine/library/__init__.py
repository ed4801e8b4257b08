"""Variables that libraries create for the user: tf.layers, RNN cells,
optimizers, moving averages, templates, slim / contrib.layers, Keras.

Each module registers handlers in `tfapi.HANDLERS` (by canonical API name)
and methods of the objects it hands out; importing this package is enough.
"""

from scopelint.engine.library import common, keras, layers, rnn, slim, training  # noqa: F401
