import tensorflow.compat.v1 as tf


def dense_block(x, units, name):
    with tf.variable_scope(name):
        w = tf.get_variable("w", [int(x.shape[-1]), units])
        b = tf.get_variable("b", [units], initializer=tf.zeros_initializer())
        return tf.nn.relu(tf.matmul(x, w) + b)
