import tensorflow.compat.v1 as tf

LATENT = 4
DATA = 6


def generator(z):
    with tf.variable_scope("generator"):
        return tf.layers.dense(z, DATA, name="out")


class Discriminator(object):
    def __init__(self, name="discriminator"):
        self.name = name
        self._reuse = False

    def __call__(self, x):
        with tf.variable_scope(self.name, reuse=self._reuse):
            hidden = tf.layers.dense(x, 8, activation=tf.nn.leaky_relu, name="hidden")
            logit = tf.layers.dense(hidden, 1, name="logit")
        self._reuse = True
        return logit

    def variables(self):
        return tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=self.name)
