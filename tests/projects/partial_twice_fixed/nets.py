import tensorflow.compat.v1 as tf

from layers import conv3x3


def backbone(images):
    with tf.variable_scope("backbone"):
        h = conv3x3(images, name="conv1")
        h = conv3x3(h, name="conv2")
        return tf.reduce_mean(h, axis=[1, 2])
