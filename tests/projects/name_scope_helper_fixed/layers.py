import tensorflow.compat.v1 as tf


def fc(x, units, name):
    with tf.variable_scope(name):
        w = tf.get_variable("weights", [int(x.shape[-1]), units])
        b = tf.get_variable("biases", [units], initializer=tf.zeros_initializer())
        return tf.matmul(x, w) + b
