import tensorflow.compat.v1 as tf

CKPT_DIR = 'runs/towers'


def tower(x):
    with tf.variable_scope('net', reuse=tf.AUTO_REUSE):
        w = tf.get_variable('w', [4, 2])
        b = tf.get_variable('b', [2], initializer=tf.zeros_initializer())
        return tf.matmul(x, w) + b
