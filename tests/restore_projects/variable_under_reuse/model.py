import tensorflow.compat.v1 as tf

CKPT_DIR = 'runs/towers'


def tower(x):
    with tf.variable_scope('net', reuse=tf.AUTO_REUSE):
        w = tf.get_variable('w', [4, 2])
        b = tf.Variable(tf.zeros([2]), name='b')  # not shared: a tf.Variable ignores reuse
        return tf.matmul(x, w) + b
