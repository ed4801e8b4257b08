"""A tiny CIFAR-style model, built once per tower."""
import tensorflow.compat.v1 as tf


def create_global_step():
    return tf.get_variable("global_step", [], tf.int64, tf.zeros_initializer(), trainable=False)


def _weights(name, shape):
    return tf.get_variable(name, shape, initializer=tf.truncated_normal_initializer(stddev=0.1))


def inference(images):
    with tf.variable_scope("conv1"):
        kernel = _weights("weights", [3, 3, 3, 8])
        conv = tf.nn.relu(tf.nn.conv2d(images, kernel, [1, 1, 1, 1], "SAME"))
    with tf.variable_scope("softmax_linear"):
        flat = tf.reshape(conv, [-1, 8 * 8 * 8])
        weights = _weights("weights", [8 * 8 * 8, 10])
        return tf.matmul(flat, weights)


def loss(logits, labels):
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
