"""Restore the trained weights and report accuracy (a separate process from train.py)."""
import tensorflow.compat.v1 as tf

import config
import model

tf.disable_v2_behavior()


def evaluate():
    images = tf.placeholder(tf.float32, [None, config.PIXELS])
    labels = tf.placeholder(tf.int64, [None])
    with tf.variable_scope(config.SCOPE):
        logits = model.inference(images)
    correct = tf.equal(tf.argmax(logits, 1), labels)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    saver = tf.train.Saver()
    return accuracy, saver


if __name__ == "__main__":
    evaluate()
