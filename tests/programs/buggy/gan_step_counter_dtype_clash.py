# bug: the step counter is created from the int value 0 (an int32 variable); the sampler reuses it without dtype=, which asks for float32
# expect: SCO103@37
# tf: ValueError@46>37: Trying to share variable counters/d_steps, but specified dtype float32 and found dtype int32_ref.
import tensorflow as tf

NOISE = 64
IMAGE = 784


def generator(z, reuse=False):
    with tf.variable_scope('generator', reuse=reuse):
        h = tf.layers.dense(z, 128, activation=tf.nn.relu, name='h1')
        return tf.layers.dense(h, IMAGE, activation=tf.nn.tanh, name='out')


def discriminator(x, reuse=False):
    with tf.variable_scope('discriminator', reuse=reuse):
        h = tf.layers.dense(x, 128, activation=tf.nn.leaky_relu, name='h1')
        return tf.layers.dense(h, 1, name='logit')


def step_counter():
    with tf.variable_scope('counters'):
        return tf.get_variable('d_steps', initializer=0, trainable=False)


real = tf.placeholder(tf.float32, [None, IMAGE])
z = tf.placeholder(tf.float32, [None, NOISE])
fake = generator(z)
d_real = discriminator(real)
d_fake = discriminator(fake, reuse=True)
d_steps = step_counter()


def sampler(z):
    with tf.variable_scope('counters', reuse=True):
        seen = tf.get_variable('d_steps', [], trainable=False)
    return generator(z, reuse=True), seen


d_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(d_real), logits=d_real))
d_vars = [v for v in tf.trainable_variables() if v.name.startswith('discriminator/')]
train_d = tf.train.AdamOptimizer(2e-4).minimize(d_loss, var_list=d_vars)
with tf.control_dependencies([train_d]):
    count = tf.assign_add(d_steps, 1)
samples, seen = sampler(z)
