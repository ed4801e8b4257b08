# The model module of a two-file project: train.py builds it twice.
import tensorflow as tf


def classifier(images, reuse=None):
    with tf.variable_scope('classifier', reuse=reuse):
        hidden = tf.layers.dense(images, 64, activation=tf.nn.relu, name='hidden')
        return tf.layers.dense(hidden, 10, name='logits')
