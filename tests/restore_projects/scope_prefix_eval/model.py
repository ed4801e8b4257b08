import tensorflow.compat.v1 as tf

CKPT_DIR = 'runs'


def encoder(x):
    with tf.variable_scope('encoder'):
        h = tf.layers.dense(x, 8, activation=tf.nn.relu, name='hidden')
        return tf.layers.dense(h, 2, name='out')
