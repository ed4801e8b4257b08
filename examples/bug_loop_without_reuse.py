# Shows: a loop that builds the same layer every pass with a fixed scope name
# and no reuse: the second pass tries to create step/w again.
# Seed: none (common bug: a hand-unrolled recurrence).
# TF: pass 0 creates step/w:0; pass 1 raises ValueError: Variable step/w
# already exists, disallowed.
# names: step/w:0@15
# expect: SCO101@15
# tf: ValueError@15: Variable step/w already exists, disallowed.
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 8])
h = x
for t in range(3):
    with tf.variable_scope('step'):  # should be reuse=(t > 0)
        w = tf.get_variable('w', [8, 8])
        h = tf.tanh(tf.matmul(h, w))
