"""The network, shared by the training and the evaluation scripts."""
import tensorflow.compat.v1 as tf

import config


def inference(images):
    hidden = tf.layers.dense(images, config.HIDDEN, activation=tf.nn.relu, name="fc1")
    return tf.layers.dense(hidden, config.CLASSES, name="fc2")


def loss(logits, labels):
    return tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
