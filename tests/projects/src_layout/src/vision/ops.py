import tensorflow.compat.v1 as tf

__all__ = ["conv", "global_pool"]

WEIGHT_INIT = tf.truncated_normal_initializer(stddev=0.05)


def conv(x, filters, name, stride=1):
    with tf.variable_scope(name):
        kernel = tf.get_variable("kernel", [3, 3, int(x.shape[-1]), filters], initializer=WEIGHT_INIT)
        return tf.nn.conv2d(x, kernel, [1, stride, stride, 1], "SAME")


def global_pool(x):
    return tf.reduce_mean(x, axis=[1, 2])


def _unused_helper(x):
    return x
