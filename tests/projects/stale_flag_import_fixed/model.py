import tensorflow.compat.v1 as tf

import settings


def encoder(x):
    with tf.variable_scope("encoder", reuse=settings.REUSE):
        w = tf.get_variable("w", [4, settings.HIDDEN])
        return tf.matmul(x, w)
