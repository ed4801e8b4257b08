# bug: the discriminator's reuse parameter defaults to the module flag REUSE, but a default value is evaluated once, when the function is defined; flipping the global afterwards does not change it, so the second call creates the variables again
# expect: SCO101@33
# tf: ValueError@33>17: Variable discriminator/fc1/kernel already exists, disallowed.
import tensorflow as tf

N_IN, N_HID = 8, 16
REUSE = False


def mark_built():
    global REUSE
    REUSE = True


def discriminator(x, reuse=REUSE):
    with tf.variable_scope('discriminator', reuse=reuse):
        h = tf.layers.dense(x, N_HID, activation=tf.nn.leaky_relu, name='fc1')
        return tf.layers.dense(h, 1, name='logit')


def generator(z):
    with tf.variable_scope('generator'):
        return tf.layers.dense(z, N_IN, activation=tf.nn.tanh, name='out')


real = tf.placeholder(tf.float32, [None, N_IN])
z = tf.placeholder(tf.float32, [None, 4])

fake = generator(z)
d_real = discriminator(real)
mark_built()
# The author expects the flag to make this call reuse the discriminator.
d_fake = discriminator(fake)
