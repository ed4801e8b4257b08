import tensorflow.compat.v1 as tf

CKPT_DIR = 'runs/counters'


def linear(x):
    w = tf.get_variable('w', [4, 1])
    return tf.matmul(x, w)
