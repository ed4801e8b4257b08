import tensorflow.compat.v1 as tf

CKPT_DIR = 'runs/ae'
HIDDEN = 8


def autoencoder(x, hidden=HIDDEN):
    with tf.variable_scope('ae'):
        code = tf.layers.dense(x, hidden, name='encode')
        return tf.layers.dense(code, 4, name='decode')
