# bug: reuse is switched on for the root variable scope before the second discriminator call, so Adam cannot create its slots
# expect: SCO102@31
# tf: ValueError@31: Variable generator/g_w/Adam/ does not exist, or was not created with tf.get_variable().
import tensorflow as tf


def generator(z):
    with tf.variable_scope('generator'):
        w = tf.get_variable('g_w', [8, 16])
        return tf.tanh(tf.matmul(z, w))


def discriminator(x):
    with tf.variable_scope('discriminator'):
        w = tf.get_variable('d_w', [16, 1])
        return tf.matmul(x, w)


z = tf.placeholder(tf.float32, [None, 8])
real = tf.placeholder(tf.float32, [None, 16])

fake = generator(z)
d_real = discriminator(real)
tf.get_variable_scope().reuse_variables()
d_fake = discriminator(fake)

d_loss = tf.reduce_mean(tf.nn.softplus(-d_real) + tf.nn.softplus(d_fake))
g_loss = tf.reduce_mean(tf.nn.softplus(-d_fake))
g_vars = [v for v in tf.trainable_variables() if v.name.startswith('generator')]
d_vars = [v for v in tf.trainable_variables() if v.name.startswith('discriminator')]
g_opt = tf.train.AdamOptimizer(2e-4).minimize(g_loss, var_list=g_vars)
d_opt = tf.train.AdamOptimizer(2e-4).minimize(d_loss, var_list=d_vars)
