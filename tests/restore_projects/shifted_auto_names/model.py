import tensorflow.compat.v1 as tf

CKPT_DIR = 'runs/mlp'


def mlp(x):
    h = tf.layers.dense(x, 8, activation=tf.nn.relu)  # dense
    return tf.layers.dense(h, 2)  # dense_1
