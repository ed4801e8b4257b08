# A small CNN built for training and evaluation from one function: both towers pool the same way,
# so the flattened size (computed from the static shape) and the shared dense kernel agree.
import numpy as np
import tensorflow as tf


def conv_block(images, filters):
    kernel = tf.get_variable('kernel', [5, 5, images.get_shape()[-1], filters])
    bias = tf.get_variable('bias', [filters], initializer=tf.zeros_initializer())
    conv = tf.nn.conv2d(images, kernel, strides=[1, 1, 1, 1], padding='SAME')
    act = tf.nn.relu(tf.nn.bias_add(conv, bias))
    return tf.nn.max_pool(act, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')


def classifier(features, num_classes):
    dim = int(np.prod(features.get_shape().as_list()[1:]))
    flat = tf.reshape(features, [-1, dim])
    with tf.variable_scope('fc'):
        w = tf.get_variable('weights', [dim, 64])
        b = tf.get_variable('biases', [64], initializer=tf.constant_initializer(0.1))
        hidden = tf.nn.relu(tf.matmul(flat, w) + b)
    with tf.variable_scope('out'):
        w = tf.get_variable('weights', [64, num_classes])
        return tf.matmul(hidden, w)


def model(images, pool_twice, reuse):
    with tf.variable_scope('features', reuse=reuse):
        with tf.variable_scope('conv1'):
            net = conv_block(images, 32)
        if pool_twice:
            net = tf.nn.max_pool(net, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')
    with tf.variable_scope('classifier', reuse=reuse):
        return classifier(net, 10)


train_images = tf.placeholder(tf.float32, [None, 28, 28, 1])
eval_images = tf.placeholder(tf.float32, [None, 28, 28, 1])
train_logits = model(train_images, pool_twice=False, reuse=False)
eval_logits = model(eval_images, pool_twice=False, reuse=True)
