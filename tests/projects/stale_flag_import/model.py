import tensorflow.compat.v1 as tf

from settings import HIDDEN, REUSE


def encoder(x):
    with tf.variable_scope("encoder", reuse=REUSE):
        w = tf.get_variable("w", [4, HIDDEN])
        return tf.matmul(x, w)
