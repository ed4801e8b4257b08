# DCGAN-style discriminator/generator built from named tf.layers inside
# variable scopes opened with reuse=tf.AUTO_REUSE, so they can be called any
# number of times.
import tensorflow as tf


def generator(z, training=True):
    with tf.variable_scope('gen', reuse=tf.AUTO_REUSE):
        h = tf.layers.dense(z, 4 * 4 * 32, name='project')
        h = tf.reshape(h, [-1, 4, 4, 32])
        h = tf.layers.batch_normalization(h, training=training, name='bn0')
        h = tf.nn.relu(h)
        h = tf.layers.conv2d_transpose(h, 16, 3, strides=2, padding='same', name='deconv1')
        h = tf.layers.batch_normalization(h, training=training, name='bn1')
        h = tf.nn.relu(h)
        h = tf.layers.conv2d_transpose(h, 1, 3, strides=2, padding='same', name='deconv2')
        return tf.tanh(h)


def discriminator(images):
    with tf.variable_scope('disc', reuse=tf.AUTO_REUSE):
        h = tf.layers.conv2d(images, 16, 3, strides=2, padding='same', name='conv1')
        h = tf.nn.leaky_relu(h, 0.2)
        h = tf.layers.conv2d(h, 32, 3, strides=2, padding='same', name='conv2')
        h = tf.nn.leaky_relu(h, 0.2)
        h = tf.layers.flatten(h)
        return tf.layers.dense(h, 1, name='logit')


z = tf.placeholder(tf.float32, [None, 8])
real = tf.placeholder(tf.float32, [None, 16, 16, 1])

fake = generator(z)
logit_real = discriminator(real)
logit_fake = discriminator(fake)
samples = generator(z, training=False)

d_loss = tf.reduce_mean(tf.nn.softplus(-logit_real)) + tf.reduce_mean(tf.nn.softplus(logit_fake))
g_loss = tf.reduce_mean(tf.nn.softplus(-logit_fake))

d_vars = tf.trainable_variables(scope='disc')
g_vars = tf.trainable_variables(scope='gen')
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS, scope='gen')
with tf.control_dependencies(update_ops):
    g_train = tf.train.AdamOptimizer(2e-4, beta1=0.5).minimize(g_loss, var_list=g_vars)
d_train = tf.train.AdamOptimizer(2e-4, beta1=0.5).minimize(d_loss, var_list=d_vars)

names = [v.name for v in tf.global_variables()]
assert 'disc/conv1/kernel:0' in names and 'gen/bn1/moving_mean:0' in names
print(len(d_vars), len(g_vars))
