# A discriminator whose sharing is driven by a module-level flag: the first
# call creates the variables and flips the global, every later call reuses.
import tensorflow as tf

D_REUSE = False


def discriminator(x):
    global D_REUSE
    with tf.variable_scope('discriminator', reuse=D_REUSE):
        h = tf.layers.dense(x, 32, activation=tf.nn.leaky_relu, name='h1')
        h = tf.layers.dense(h, 16, activation=tf.nn.leaky_relu, name='h2')
        out = tf.layers.dense(h, 1, name='out')
    D_REUSE = True
    return out


def generator(z):
    with tf.variable_scope('generator'):
        h = tf.layers.dense(z, 16, activation=tf.nn.relu, name='h1')
        return tf.layers.dense(h, 8, activation=tf.tanh, name='out')


real = tf.placeholder(tf.float32, [None, 8])
z = tf.placeholder(tf.float32, [None, 4])
fake = generator(z)
d_real = discriminator(real)
d_fake = discriminator(fake)

# gradient penalty on interpolates, a third use of the discriminator
alpha = tf.random_uniform([tf.shape(real)[0], 1], 0.0, 1.0)
interp = real + alpha * (fake - real)
d_interp = discriminator(interp)
grads = tf.gradients(d_interp, [interp])[0]
penalty = tf.reduce_mean(tf.square(tf.norm(grads, axis=1) - 1.0))

d_loss = tf.reduce_mean(d_fake) - tf.reduce_mean(d_real) + 10.0 * penalty
g_loss = -tf.reduce_mean(d_fake)
d_vars = tf.trainable_variables('discriminator')
g_vars = tf.trainable_variables('generator')
d_opt = tf.train.AdamOptimizer(1e-4, 0.5, 0.9).minimize(d_loss, var_list=d_vars)
g_opt = tf.train.AdamOptimizer(1e-4, 0.5, 0.9).minimize(g_loss, var_list=g_vars)

assert len(d_vars) == 6 and len(g_vars) == 4
print([v.name for v in d_vars])
