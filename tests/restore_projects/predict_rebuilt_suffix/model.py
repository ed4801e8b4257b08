import tensorflow.compat.v1 as tf

CKPT = 'runs/linear.ckpt'


def linear(x):
    w = tf.Variable(tf.zeros([4, 1]), name='w')
    b = tf.Variable(tf.zeros([1]), name='b')
    return tf.matmul(x, w) + b
