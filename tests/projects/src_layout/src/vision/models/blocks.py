import tensorflow.compat.v1 as tf

from .. import ops


def residual(x, name):
    with tf.variable_scope(name):
        h = tf.nn.relu(ops.conv(x, int(x.shape[-1]), "conv_a"))
        return tf.nn.relu(x + ops.conv(h, int(x.shape[-1]), "conv_b"))
