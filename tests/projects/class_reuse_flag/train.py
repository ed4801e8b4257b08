import tensorflow.compat.v1 as tf

from gan import Discriminator, generator
from gan.networks import DATA, LATENT

tf.disable_v2_behavior()

real = tf.placeholder(tf.float32, [None, DATA])
fake = generator(tf.random_normal([8, LATENT]))
disc = Discriminator()
real_logit = disc(real)
fake_logit = disc(fake)
d_loss = tf.reduce_mean(tf.nn.softplus(-real_logit) + tf.nn.softplus(fake_logit))
d_train = tf.train.AdamOptimizer(1e-4).minimize(d_loss, var_list=disc.variables())
