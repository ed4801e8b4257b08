# Sharing driven by module-level state that a helper flips after the first
# build: a config dict entry for the encoder and a class attribute for the
# decoder. Each builder reads the state when it runs, so the first call of
# each creates the variables and every later call reuses them.
import tensorflow as tf

N_IN, N_HID = 6, 8
STATE = {'encoder_built': False}


class Built:
    decoder = False


def mark_built():
    STATE['encoder_built'] = True
    Built.decoder = True


def encoder(x):
    with tf.variable_scope('encoder', reuse=STATE['encoder_built']):
        return tf.layers.dense(x, N_HID, activation=tf.nn.relu, name='fc')


def decoder(h):
    with tf.variable_scope('decoder', reuse=Built.decoder):
        return tf.layers.dense(h, N_IN, name='fc')


train_x = tf.placeholder(tf.float32, [None, N_IN])
eval_x = tf.placeholder(tf.float32, [None, N_IN])

train_rec = decoder(encoder(train_x))
mark_built()
eval_rec = decoder(encoder(eval_x))

loss = tf.reduce_mean(tf.square(train_rec - train_x))
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
assert len(tf.trainable_variables()) == 4
