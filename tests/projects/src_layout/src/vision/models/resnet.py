import tensorflow.compat.v1 as tf

from ..ops import *  # noqa: F401,F403  (conv, global_pool)
from . import blocks


def resnet_tiny(images, classes, reuse=None):
    with tf.variable_scope("resnet_tiny", reuse=reuse):
        h = conv(images, 4, "stem")  # noqa: F405
        for i in range(2):
            h = blocks.residual(h, "block%d" % i)
        return tf.layers.dense(global_pool(h), classes, name="logits")  # noqa: F405
