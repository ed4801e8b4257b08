import tensorflow.compat.v1 as tf

CKPT_DIR = 'runs/pretrain'


def classifier(x):
    with tf.variable_scope('classifier'):
        h = tf.layers.dense(x, 8, activation=tf.nn.relu, name='h')
        return tf.layers.dense(h, 3, name='logits')


def loss_of(logits):
    return tf.reduce_mean(tf.square(logits))
