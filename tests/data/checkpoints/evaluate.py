import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def encoder(x):
    with tf.variable_scope('encoder'):
        h = tf.layers.dense(x, 64, activation=tf.nn.relu, name='hidden')
        return tf.layers.dense(h, 8, name='out')


x = tf.placeholder(tf.float32, [None, 32])
z = encoder(x)

saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint('ckpt'))
