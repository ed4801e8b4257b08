# bug: a static_rnn baseline is added next to a dynamic_rnn model; both default to the scope 'rnn'
# expect: SCO101@14
# tf: ValueError@14: Variable rnn/gru_cell/gates/kernel already exists, disallowed.
import tensorflow as tf

STEPS = 6
x = tf.placeholder(tf.float32, [None, STEPS, 4])

dyn_cell = tf.nn.rnn_cell.GRUCell(8)
dyn_out, dyn_state = tf.nn.dynamic_rnn(dyn_cell, x, dtype=tf.float32)

# baseline for comparison: the same network unrolled statically
static_cell = tf.nn.rnn_cell.GRUCell(8)
static_out, static_state = tf.nn.static_rnn(static_cell, tf.unstack(x, axis=1), dtype=tf.float32)
diff = tf.reduce_mean(tf.abs(dyn_state - static_state))
