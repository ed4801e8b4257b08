# oracle: contrib
# An MLP written with tf.contrib.layers (fully_connected, xavier_initializer,
# l2_regularizer), including a shared scoring head applied to two inputs with
# an explicit scope and reuse=True.
import tensorflow as tf

layers = tf.contrib.layers


def trunk(x):
    with tf.variable_scope('trunk'):
        net = layers.fully_connected(x, 32, weights_initializer=layers.xavier_initializer(),
                                     weights_regularizer=layers.l2_regularizer(1e-4), scope='fc1')
        net = layers.fully_connected(net, 16, scope='fc2')
    return net


def score_head(features, reuse=None):
    return layers.fully_connected(features, 1, activation_fn=None, scope='score', reuse=reuse)


clicked = tf.placeholder(tf.float32, [None, 10])
skipped = tf.placeholder(tf.float32, [None, 10])

with tf.variable_scope('ranker'):
    pos = score_head(trunk(clicked))
with tf.variable_scope('ranker', reuse=True):
    neg = score_head(trunk(skipped), reuse=True)

loss = tf.reduce_mean(tf.nn.softplus(neg - pos))
loss += tf.losses.get_regularization_loss()
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)

names = [v.op.name for v in tf.trainable_variables()]
assert names == ['ranker/trunk/fc1/weights', 'ranker/trunk/fc1/biases', 'ranker/trunk/fc2/weights',
                 'ranker/trunk/fc2/biases', 'ranker/score/weights', 'ranker/score/biases'], names
print(names)
