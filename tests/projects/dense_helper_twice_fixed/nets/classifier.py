import tensorflow.compat.v1 as tf

from . import heads


def classifier(x, reuse=None):
    with tf.variable_scope("classifier", reuse=reuse):
        hidden = tf.layers.dense(x, 32, activation=tf.nn.relu, name="hidden")
        return heads.logits_head(hidden)
