# Variational autoencoder: the decoder reconstructs from the posterior sample
# and, in the same graph, generates from prior samples; its scope uses
# reuse=tf.AUTO_REUSE so both calls share one set of weights.
import tensorflow as tf

X_DIM, Z_DIM, H_DIM = 20, 4, 32


def encoder(x):
    with tf.variable_scope('encoder'):
        h = tf.layers.dense(x, H_DIM, tf.nn.relu, name='h')
        mu = tf.layers.dense(h, Z_DIM, name='mu')
        log_var = tf.layers.dense(h, Z_DIM, name='log_var')
        return mu, log_var


def decoder(z):
    with tf.variable_scope('decoder', reuse=tf.AUTO_REUSE):
        h = tf.layers.dense(z, H_DIM, tf.nn.relu, name='h')
        return tf.layers.dense(h, X_DIM, name='logits')


x = tf.placeholder(tf.float32, [None, X_DIM])
mu, log_var = encoder(x)
eps = tf.random_normal(tf.shape(mu))
z = mu + tf.exp(0.5 * log_var) * eps
x_logits = decoder(z)

prior_z = tf.random_normal([16, Z_DIM])
samples = tf.sigmoid(decoder(prior_z))

with tf.name_scope('elbo'):
    recon = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=x_logits), 1)
    kl = -0.5 * tf.reduce_sum(1 + log_var - tf.square(mu) - tf.exp(log_var), 1)
    loss = tf.reduce_mean(recon + kl)

train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
assert len(tf.trainable_variables('decoder')) == 4
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(samples).shape)
