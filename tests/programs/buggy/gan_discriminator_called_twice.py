# bug: the discriminator is applied to real and to fake samples, but the second call does not pass reuse
# expect: SCO101@32
# tf: ValueError@32>23>9: Variable discriminator/d_h0/w already exists, disallowed.
import tensorflow as tf


def linear(x, out_dim, scope):
    with tf.variable_scope(scope):
        w = tf.get_variable('w', [x.get_shape()[-1], out_dim],
                            initializer=tf.random_normal_initializer(stddev=0.02))
        b = tf.get_variable('b', [out_dim], initializer=tf.constant_initializer(0.0))
        return tf.matmul(x, w) + b


def generator(z):
    with tf.variable_scope('generator'):
        h0 = tf.nn.relu(linear(z, 64, 'g_h0'))
        return tf.nn.tanh(linear(h0, 32, 'g_h1'))


def discriminator(x, reuse=False):
    with tf.variable_scope('discriminator', reuse=reuse):
        h0 = tf.nn.leaky_relu(linear(x, 64, 'd_h0'))
        return linear(h0, 1, 'd_h1')


z = tf.placeholder(tf.float32, [None, 10])
images = tf.placeholder(tf.float32, [None, 32])

G = generator(z)
D_logits = discriminator(images)
D_logits_ = discriminator(G)

d_loss = tf.reduce_mean(tf.nn.softplus(-D_logits)) + tf.reduce_mean(tf.nn.softplus(D_logits_))
g_loss = tf.reduce_mean(tf.nn.softplus(-D_logits_))
