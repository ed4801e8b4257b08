import tensorflow.compat.v1 as tf


def build(x, reuse=None):
    with tf.variable_scope("mlp", reuse=reuse):
        w1 = tf.get_variable("w1", [int(x.shape[-1]), 16])
        w2 = tf.get_variable("w2", [16, 1])
        return tf.matmul(tf.nn.relu(tf.matmul(x, w1)), w2)
