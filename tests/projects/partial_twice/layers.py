import functools

import tensorflow.compat.v1 as tf

import config

conv3x3 = functools.partial(
    tf.layers.conv2d, filters=config.FILTERS, kernel_size=3, padding="same", activation=tf.nn.relu, name="conv"
)
