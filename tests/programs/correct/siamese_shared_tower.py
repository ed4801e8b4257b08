# Siamese network for similarity learning: one tower function applied to two
# inputs, sharing every weight through reuse=True on the second call.
import tensorflow as tf

EMBED = 16


def tower(x, reuse=None):
    with tf.variable_scope('siamese', reuse=reuse):
        h = tf.layers.dense(x, 64, activation=tf.nn.relu, name='fc1')
        h = tf.layers.dense(h, 32, activation=tf.nn.relu, name='fc2')
        return tf.layers.dense(h, EMBED, name='embedding')


def contrastive_loss(a, b, same, margin=1.0):
    with tf.name_scope('contrastive_loss'):
        d2 = tf.reduce_sum(tf.square(a - b), axis=1)
        d = tf.sqrt(d2 + 1e-6)
        pos = same * d2
        neg = (1.0 - same) * tf.square(tf.maximum(margin - d, 0.0))
        return tf.reduce_mean(pos + neg) / 2.0


left = tf.placeholder(tf.float32, [None, 28 * 28], name='left')
right = tf.placeholder(tf.float32, [None, 28 * 28], name='right')
same = tf.placeholder(tf.float32, [None], name='same')

emb_left = tower(left)
emb_right = tower(right, reuse=True)
loss = contrastive_loss(emb_left, emb_right, same)

global_step = tf.Variable(0, trainable=False, name='global_step')
train_op = tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss, global_step=global_step)

variables = tf.trainable_variables()
assert len(variables) == 6, [v.name for v in variables]

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print([v.name for v in variables])
