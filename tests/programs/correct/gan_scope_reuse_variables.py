# GAN where sharing is done at the call site: the discriminator function has
# no reuse argument; the caller opens the scope and calls
# scope.reuse_variables() before the second application.
import tensorflow as tf

BATCH = 8
NOISE = 10
DATA = 20


def mlp(x, sizes, final_activation=None):
    h = x
    for i, size in enumerate(sizes):
        with tf.variable_scope('fc%d' % i):
            w = tf.get_variable('weights', [h.get_shape()[-1], size],
                                initializer=tf.truncated_normal_initializer(stddev=0.02))
            b = tf.get_variable('biases', [size], initializer=tf.constant_initializer(0.0))
            h = tf.matmul(h, w) + b
            if i < len(sizes) - 1:
                h = tf.nn.relu(h)
    return final_activation(h) if final_activation else h


real = tf.placeholder(tf.float32, [BATCH, DATA])
noise = tf.random_uniform([BATCH, NOISE], -1.0, 1.0)

with tf.variable_scope('G'):
    fake = mlp(noise, [32, DATA], tf.tanh)

with tf.variable_scope('D') as scope:
    d_real = mlp(real, [32, 1])
    scope.reuse_variables()
    d_fake = mlp(fake, [32, 1])

d_loss = -tf.reduce_mean(tf.log(tf.sigmoid(d_real) + 1e-8) + tf.log(1.0 - tf.sigmoid(d_fake) + 1e-8))
g_loss = -tf.reduce_mean(tf.log(tf.sigmoid(d_fake) + 1e-8))

d_params = [v for v in tf.trainable_variables() if v.name.startswith('D/')]
g_params = [v for v in tf.trainable_variables() if v.name.startswith('G/')]

# Optimizers are built outside the reusing scope, so their slots can be created.
opt_d = tf.train.AdamOptimizer(1e-3).minimize(d_loss, var_list=d_params)
opt_g = tf.train.AdamOptimizer(1e-3).minimize(g_loss, var_list=g_params)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sorted(v.name for v in d_params))
