# bug: a reuse flag for the unrolled cell is initialised to False but never switched to True after the first step
# expect: SCO101@15
# tf: ValueError@15: Variable cell/w_x already exists, disallowed.
import tensorflow as tf

STEPS = 4
UNITS = 10

inputs = tf.placeholder(tf.float32, [None, STEPS, 3])
state = tf.zeros([tf.shape(inputs)[0], UNITS])
outputs = []
reuse = False
for t in range(STEPS):
    with tf.variable_scope('cell', reuse=reuse):
        w_x = tf.get_variable('w_x', [3, UNITS])
        w_h = tf.get_variable('w_h', [UNITS, UNITS])
        state = tf.tanh(tf.matmul(inputs[:, t, :], w_x) + tf.matmul(state, w_h))
        outputs.append(state)
    # missing: reuse = True
