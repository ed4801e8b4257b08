# bug: the sampler (reuse=True) is built before the training generator has created the variables
# expect: SCO102@21
# tf: ValueError@25>21>11: Variable generator/fc/kernel does not exist, or was not created with tf.get_variable().
import tensorflow as tf

Z_DIM = 16


def generator(z, is_training=True, reuse=False):
    with tf.variable_scope('generator', reuse=reuse):
        h = tf.layers.dense(z, 128, name='fc')
        h = tf.layers.batch_normalization(h, training=is_training, name='bn')
        h = tf.nn.relu(h)
        return tf.layers.dense(h, 64, activation=tf.tanh, name='out')


class GAN(object):
    def __init__(self):
        self.z = tf.placeholder(tf.float32, [None, Z_DIM])
        # sampler first, so that it shows up at the top of TensorBoard
        self.sampler = generator(self.z, is_training=False, reuse=True)
        self.fake = generator(self.z)


gan = GAN()
