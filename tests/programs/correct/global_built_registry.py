# Shared sub-networks tracked by a module-level registry: a helper remembers
# which scope names it has already built and passes reuse=True for those.
import tensorflow as tf

_BUILT_SCOPES = set()
WEIGHT_DECAY = 1e-4


def shared_scope(name):
    reuse = name in _BUILT_SCOPES
    _BUILT_SCOPES.add(name)
    return tf.variable_scope(name, reuse=reuse)


def projection(x, units, name):
    with shared_scope(name):
        w = tf.get_variable('w', [x.shape[-1], units],
                            regularizer=lambda t: WEIGHT_DECAY * tf.nn.l2_loss(t))
        b = tf.get_variable('b', [units], initializer=tf.zeros_initializer())
        return tf.matmul(x, w) + b


def score(a, b):
    pa = tf.nn.l2_normalize(projection(a, 16, 'proj_a'), axis=1)
    pb = tf.nn.l2_normalize(projection(b, 16, 'proj_b'), axis=1)
    return tf.reduce_sum(pa * pb, axis=1)


users = tf.placeholder(tf.float32, [None, 10])
items_pos = tf.placeholder(tf.float32, [None, 12])
items_neg = tf.placeholder(tf.float32, [None, 12])

pos = score(users, items_pos)
neg = score(users, items_neg)
loss = tf.reduce_mean(tf.nn.softplus(neg - pos))
loss += tf.add_n(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)

assert sorted(_BUILT_SCOPES) == ['proj_a', 'proj_b']
assert len(tf.trainable_variables()) == 4
assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 2
print([v.name for v in tf.trainable_variables()])
