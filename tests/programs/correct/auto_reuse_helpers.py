# Small layer helpers that open their own variable scope with
# reuse=tf.AUTO_REUSE: the first call with a given name creates the variables,
# later calls with that name share them, new names create new variables.
import tensorflow as tf


def embedding(ids, vocab_size, dim, name='embedding'):
    with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
        table = tf.get_variable('table', [vocab_size, dim],
                                initializer=tf.random_uniform_initializer(-0.1, 0.1))
        return tf.nn.embedding_lookup(table, ids)


def linear(x, units, name):
    with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
        w = tf.get_variable('w', [x.shape[-1], units])
        b = tf.get_variable('b', [units], initializer=tf.zeros_initializer())
        return tf.matmul(x, w) + b


def encode(ids):
    emb = embedding(ids, 100, 16, name='word_embedding')
    pooled = tf.reduce_mean(emb, axis=1)
    return tf.nn.relu(linear(pooled, 32, name='encoder_proj'))


question = tf.placeholder(tf.int32, [None, 7])
answer = tf.placeholder(tf.int32, [None, 9])
distractor = tf.placeholder(tf.int32, [None, 9])

q = encode(question)
a = encode(answer)
d = encode(distractor)
chars = embedding(tf.placeholder(tf.int32, [None, 20]), 50, 8, name='char_embedding')

score_pos = tf.reduce_sum(q * a, axis=1)
score_neg = tf.reduce_sum(q * d, axis=1)
loss = tf.reduce_mean(tf.nn.relu(1.0 - score_pos + score_neg)) + 0.0 * tf.reduce_sum(chars)
train_op = tf.train.AdagradOptimizer(0.1).minimize(loss)

names = sorted(v.name for v in tf.trainable_variables())
assert names == ['char_embedding/table:0', 'encoder_proj/b:0', 'encoder_proj/w:0',
                 'word_embedding/table:0'], names
print(names)
