import tensorflow.compat.v1 as tf

import config
from .layers import dense_block


def build(x, reuse=None):
    with tf.variable_scope(config.MODEL_SCOPE, reuse=reuse):
        h = dense_block(x, config.HIDDEN, "hidden")
        return dense_block(h, config.CLASSES, "logits")
