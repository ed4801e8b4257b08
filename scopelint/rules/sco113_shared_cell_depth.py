"""SCO113 shared-cell-depth: one RNN cell object in several MultiRNNCell layers with different input depths."""

from scopelint.engine.events import Outcome
from scopelint.rules._report import site
from scopelint.rules._shared_cells import FIX, describe, events
from scopelint.rules.base import Example, Rule


def check(analysis):
    for ev in events(analysis, Outcome.ERROR):
        _node, listed, first_i, i = describe(analysis, ev)
        _c, _f, _i, first_depth, depth = ev.shared_cell
        yield (
            site(analysis, ev),
            (
                f"{ev.message} The same cell object is layer {first_i} and layer {i} of {listed}: it was built "
                f"for inputs of depth {first_depth} in layer {first_i}, and layer {i} feeds it depth {depth}; "
                f"{FIX}."
            ),
        )


RULE = Rule(
    code="SCO113",
    name="shared-cell-depth",
    summary="One RNN cell object is used for several `MultiRNNCell` layers whose input depths differ.",
    what="""
Finds a `MultiRNNCell` whose list holds the same cell object more than once
(`[cell] * n`, a comprehension that returns one cell, a list built from one
variable) when the first layer's input depth differs from the cell's output
depth. The cell builds its kernel once, for the first layer's inputs; the
next layer gives it inputs of another depth and TF raises
`ValueError: Dimensions must be equal, but are 32 and 24 for '...MatMul...'`
when `dynamic_rnn` builds the graph.
""",
    why="""
`[cell] * n` copies the reference, not the cell: every layer would be the
same layer with the same weights. TF 1.0 accepted it with separate weights
per layer, which is why old tutorials write it.
""",
    example="""
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 8])
cell = tf.nn.rnn_cell.LSTMCell(16)
stack = tf.nn.rnn_cell.MultiRNNCell([cell] * 2)
out, state = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)  # SCO113
""",
    use_instead="""
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 8])
stack = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(16) for _ in range(2)])
out, state = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)
""",
    fix_safety="Building one cell per layer gives each layer its own weights (new variable names `cell_1/...`).",
    limits="Reported when both depths are known: the input's last dimension and the cell's `num_units` (or `num_proj`).",
    invalid=(
        Example(
            """import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 8])
cell = tf.nn.rnn_cell.LSTMCell(16)
stack = tf.nn.rnn_cell.MultiRNNCell([cell] * 2)
out, state = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)
""",
            lines=(5,),
            tf_error="Dimensions must be equal, but are 32 and 24",
        ),
        Example(
            """import tensorflow as tf
def build(inputs, units, layers):
    cell = tf.nn.rnn_cell.GRUCell(units)
    cells = [cell for _ in range(layers)]
    return tf.nn.dynamic_rnn(tf.nn.rnn_cell.MultiRNNCell(cells), inputs, dtype=tf.float32)
x = tf.placeholder(tf.float32, [None, 10, 4])
outputs, _ = build(x, 32, 3)
""",
            lines=(5,),
            tf_error="Dimensions must be equal, but are 64 and 36",
        ),
    ),
    valid=(
        """import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 8])
cells = [tf.nn.rnn_cell.LSTMCell(16) for _ in range(2)]
out, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.MultiRNNCell(cells), x, dtype=tf.float32)
""",
    ),
    check=check,
)
