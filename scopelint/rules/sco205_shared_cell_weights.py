"""SCO205 shared-cell-weights: one RNN cell object in several MultiRNNCell layers silently ties their weights."""

from scopelint.engine.events import Outcome
from scopelint.rules._report import site
from scopelint.rules._shared_cells import FIX, describe, events
from scopelint.rules.base import Example, Rule


def check(analysis):
    seen = set()
    for ev in events(analysis, Outcome.REUSE):
        node, listed, first_i, i = describe(analysis, ev)
        key = (id(ev.node), id(node))
        if key in seen:
            continue  # one finding per list (a 4-layer stack shares 3 times)
        seen.add(key)
        yield (
            node if node is not None else site(analysis, ev),
            (
                f"The same cell object is layer {first_i} and layer {i} of {listed}: the layers share one set of "
                f"weights (only `cell_{first_i}/...` variables are created); {FIX}."
            ),
        )


RULE = Rule(
    code="SCO205",
    name="shared-cell-weights",
    summary="One RNN cell object is used for several `MultiRNNCell` layers: the layers silently share weights.",
    what="""
Finds a `MultiRNNCell` whose list holds the same cell object more than once
(`[cell] * n`, a comprehension that returns one cell) when every layer's
input has the cell's own depth. TF raises nothing: the cell builds its
variables once (under `multi_rnn_cell/cell_0/`) and every layer runs with
them, so the stack has the parameters of a single layer.
""",
    why="""
A deep RNN that is really one layer applied n times trains worse and its
checkpoint has none of the `cell_1/...` variables other code expects.
""",
    example="""
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 16])
cell = tf.nn.rnn_cell.GRUCell(16)
stack = tf.nn.rnn_cell.MultiRNNCell([cell] * 2)  # SCO205
out, state = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)
""",
    use_instead="""
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 16])
stack = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(16) for _ in range(2)])
out, state = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)
""",
    fix_safety="Building one cell per layer adds `cell_1/...` variables: old checkpoints lack them.",
    limits="Reported when the input's depth is known and equals the cell's output depth (else SCO113, or nothing).",
    invalid=(
        Example(
            """import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 16])
cell = tf.nn.rnn_cell.GRUCell(16)
stack = tf.nn.rnn_cell.MultiRNNCell([cell] * 2)
out, state = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)
""",
            lines=(4,),
            tf_name="rnn/multi_rnn_cell/cell_0/gru_cell/gates/kernel:0",
        ),
    ),
    valid=(
        """import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 16])
stack = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(16) for _ in range(2)])
out, state = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)
""",
    ),
    check=check,
)
