import tensorflow.compat.v1 as tf

CKPT = 'runs/counts/model'


def counters():
    seen = tf.get_variable('seen', [], dtype=tf.int64, initializer=tf.zeros_initializer(), trainable=False)
    w = tf.get_variable('w', [3])
    return seen, w
