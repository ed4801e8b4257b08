# Shows: the most common bug: a model-building function with a fixed
# variable_scope is called twice (here for two inputs) without reuse.
# Seed: none (common bug; the TF guide's my_image_filter pitfall).
# TF: the first call creates encoder/w:0 and encoder/b:0; the second call
# raises ValueError: Variable encoder/w already exists, disallowed.
# Reported at the second call site, where the two call chains differ.
# names: encoder/w:0@22>15 encoder/b:0@22>16
# expect: SCO101@23
# tf: ValueError@23>15: Variable encoder/w already exists, disallowed.
import tensorflow as tf


def encoder(x):
    with tf.variable_scope('encoder'):
        w = tf.get_variable('w', [4, 8])
        b = tf.get_variable('b', [8], initializer=tf.zeros_initializer())
        return tf.nn.relu(tf.matmul(x, w) + b)


left = tf.placeholder(tf.float32, [None, 4])
right = tf.placeholder(tf.float32, [None, 4])
h_left = encoder(left)
h_right = encoder(right)  # needs reuse=True (or AUTO_REUSE) to share
