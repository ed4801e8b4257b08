import tensorflow.compat.v1 as tf


def conv_relu(x, filters, name):
    with tf.variable_scope(name):
        kernel = tf.get_variable("kernel", [3, 3, int(x.shape[-1]), filters])
        return tf.nn.relu(tf.nn.conv2d(x, kernel, [1, 1, 1, 1], "SAME"))


def linear(x, units, name):
    with tf.variable_scope(name):
        w = tf.get_variable("w", [int(x.shape[-1]), units])
        return tf.matmul(x, w)
