# bug: functools.partial fixes the layer's name; the partial is applied twice in one scope
# expect: SCO101@14
# tf: ValueError@14: Variable backbone/conv/kernel already exists, disallowed.
import functools

import tensorflow as tf

conv3x3 = functools.partial(tf.layers.conv2d, filters=4, kernel_size=3, padding='same', name='conv')

images = tf.placeholder(tf.float32, [None, 8, 8, 3])
with tf.variable_scope('backbone'):
    h = conv3x3(images)
    h = tf.nn.relu(h)
    h = conv3x3(h)
