import tensorflow.compat.v1 as tf


class Classifier(object):
    def __init__(self, name, classes):
        self.name = name
        self.classes = classes
        self._reuse = False

    def __call__(self, x):
        with tf.variable_scope(self.name, reuse=self._reuse):
            hidden = tf.layers.dense(x, 16, activation=tf.nn.relu, name="hidden")
            logits = tf.layers.dense(hidden, self.classes, name="logits")
        self._reuse = True
        return logits
