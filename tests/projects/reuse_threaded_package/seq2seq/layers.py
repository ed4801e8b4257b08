import tensorflow.compat.v1 as tf


def projection(x, units, scope, reuse=None):
    with tf.variable_scope(scope, reuse=reuse):
        w = tf.get_variable("kernel", [int(x.shape[-1]), units])
        b = tf.get_variable("bias", [units], initializer=tf.zeros_initializer())
        return tf.matmul(x, w) + b
