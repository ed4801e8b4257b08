import tensorflow.compat.v1 as tf

from ..ops import conv


def residual(x, name):
    with tf.variable_scope(name):
        h = tf.nn.relu(conv(x, int(x.shape[-1]), "conv_a"))
        return tf.nn.relu(x + conv(h, int(x.shape[-1]), "conv_b"))
