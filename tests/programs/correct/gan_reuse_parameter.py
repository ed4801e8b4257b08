# GAN on flat vectors: generator and discriminator take a `reuse` argument;
# the discriminator is applied to real and to generated samples.
import tensorflow as tf

Z_DIM = 16
X_DIM = 32
H_DIM = 64


def generator(z, reuse=False):
    with tf.variable_scope('generator', reuse=reuse):
        w1 = tf.get_variable('w1', [Z_DIM, H_DIM], initializer=tf.glorot_uniform_initializer())
        b1 = tf.get_variable('b1', [H_DIM], initializer=tf.zeros_initializer())
        h = tf.nn.relu(tf.matmul(z, w1) + b1)
        w2 = tf.get_variable('w2', [H_DIM, X_DIM], initializer=tf.glorot_uniform_initializer())
        b2 = tf.get_variable('b2', [X_DIM], initializer=tf.zeros_initializer())
        return tf.nn.tanh(tf.matmul(h, w2) + b2)


def discriminator(x, reuse=False):
    with tf.variable_scope('discriminator', reuse=reuse):
        w1 = tf.get_variable('w1', [X_DIM, H_DIM], initializer=tf.glorot_uniform_initializer())
        b1 = tf.get_variable('b1', [H_DIM], initializer=tf.zeros_initializer())
        h = tf.nn.leaky_relu(tf.matmul(x, w1) + b1)
        w2 = tf.get_variable('w2', [H_DIM, 1], initializer=tf.glorot_uniform_initializer())
        b2 = tf.get_variable('b2', [1], initializer=tf.zeros_initializer())
        logits = tf.matmul(h, w2) + b2
        return tf.nn.sigmoid(logits), logits


x_real = tf.placeholder(tf.float32, [None, X_DIM], name='x_real')
z = tf.placeholder(tf.float32, [None, Z_DIM], name='z')

g_sample = generator(z)
d_real, d_logit_real = discriminator(x_real)
d_fake, d_logit_fake = discriminator(g_sample, reuse=True)
# a sampler for inference shares the generator weights
sampler = generator(z, reuse=True)

with tf.name_scope('losses'):
    d_loss_real = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        logits=d_logit_real, labels=tf.ones_like(d_logit_real)))
    d_loss_fake = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        logits=d_logit_fake, labels=tf.zeros_like(d_logit_fake)))
    d_loss = d_loss_real + d_loss_fake
    g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        logits=d_logit_fake, labels=tf.ones_like(d_logit_fake)))

t_vars = tf.trainable_variables()
d_vars = [v for v in t_vars if v.name.startswith('discriminator/')]
g_vars = [v for v in t_vars if v.name.startswith('generator/')]
assert len(d_vars) == 4 and len(g_vars) == 4

d_solver = tf.train.AdamOptimizer(2e-4, beta1=0.5).minimize(d_loss, var_list=d_vars)
g_solver = tf.train.AdamOptimizer(2e-4, beta1=0.5).minimize(g_loss, var_list=g_vars)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(len(tf.global_variables()), 'variables')
