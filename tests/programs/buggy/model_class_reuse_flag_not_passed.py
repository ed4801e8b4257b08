# bug: the class stores a reuse flag but the head builder opens its own scope without it
# expect: SCO101@31
# tf: ValueError@31>14>24: Variable classifier/head/w already exists, disallowed.
import tensorflow as tf


class Classifier(object):
    def __init__(self, inputs, num_classes, reuse=False):
        self.inputs = inputs
        self.num_classes = num_classes
        self.reuse = reuse
        with tf.variable_scope('classifier', reuse=self.reuse):
            features = self._body(inputs)
        self.logits = self._head(features)

    def _body(self, x):
        w = tf.get_variable('body_w', [x.shape[-1], 32])
        return tf.nn.relu(tf.matmul(x, w))

    def _head(self, features):
        # built outside the reusing block, in a re-entered scope without reuse
        with tf.variable_scope('classifier'):
            with tf.variable_scope('head'):
                w = tf.get_variable('w', [32, self.num_classes])
                return tf.matmul(features, w)


train_x = tf.placeholder(tf.float32, [None, 20])
eval_x = tf.placeholder(tf.float32, [None, 20])
train_model = Classifier(train_x, 5)
eval_model = Classifier(eval_x, 5, reuse=True)
