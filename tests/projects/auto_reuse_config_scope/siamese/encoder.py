import tensorflow.compat.v1 as tf

import config


def encode(x):
    with tf.variable_scope(config.ENCODER_SCOPE, reuse=tf.AUTO_REUSE):
        w = tf.get_variable("w", [config.EMBED, config.CODE])
        b = tf.get_variable("b", [config.CODE], initializer=tf.zeros_initializer())
        return tf.nn.l2_normalize(tf.matmul(x, w) + b, axis=1)
