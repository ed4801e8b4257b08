import tensorflow.compat.v1 as tf

import config


def tower_loss(features, targets):
    with tf.variable_scope("regressor"):
        w = tf.get_variable("w", [config.FEATURES, 1])
        b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
        prediction = tf.matmul(features, w) + b
    return tf.reduce_mean(tf.square(prediction - targets))
