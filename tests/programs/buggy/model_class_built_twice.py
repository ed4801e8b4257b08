# bug: the model class is instantiated for training and for evaluation, and both build in variable_scope('model')
# expect: SCO101@27
# tf: ValueError@27>11>15: Variable model/conv1/kernel already exists, disallowed.
import tensorflow as tf


class ConvNet(object):
    def __init__(self, images, is_training):
        self.images = images
        self.is_training = is_training
        self.logits = self.build()

    def build(self):
        with tf.variable_scope('model'):
            net = tf.layers.conv2d(self.images, 16, 3, activation=tf.nn.relu, name='conv1')
            net = tf.layers.max_pooling2d(net, 2, 2)
            net = tf.layers.conv2d(net, 32, 3, activation=tf.nn.relu, name='conv2')
            net = tf.reduce_mean(net, axis=[1, 2])
            net = tf.layers.dropout(net, 0.5, training=self.is_training)
            return tf.layers.dense(net, 10, name='logits')


train_images = tf.placeholder(tf.float32, [None, 32, 32, 3])
test_images = tf.placeholder(tf.float32, [None, 32, 32, 3])

train_net = ConvNet(train_images, is_training=True)
test_net = ConvNet(test_images, is_training=False)
