import tensorflow.compat.v1 as tf

TEACHER_DIR = 'runs/teacher'


def net(x):
    w = tf.get_variable('w', [4, 2])
    b = tf.get_variable('b', [2], initializer=tf.zeros_initializer())
    return tf.matmul(x, w) + b
