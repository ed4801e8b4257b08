# bug: the module-level REUSE flag is already True when the first tower is built, so nothing exists to reuse
# expect: SCO102@11
# tf: ValueError@18>11: Variable tower/conv/kernel does not exist, or was not created with tf.get_variable().
import tensorflow as tf

REUSE = True  # "share the tower between query and reference"


def tower(images):
    with tf.variable_scope('tower', reuse=REUSE):
        net = tf.layers.conv2d(images, 8, 3, name='conv')
        net = tf.reduce_mean(net, axis=[1, 2])
        return tf.layers.dense(net, 4, name='fc')


query = tf.placeholder(tf.float32, [None, 12, 12, 3])
reference = tf.placeholder(tf.float32, [None, 12, 12, 3])
q = tower(query)
r = tower(reference)
