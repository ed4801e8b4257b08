# Sentence-pair model with a shared recurrent encoder made by tf.make_template;
# the template is also used for a third, unlabeled batch. A second template
# with the same name gets its own uniquified scope.
import tensorflow as tf

VOCAB = 200
EMB = 16
UNITS = 24


def encoder_fn(token_ids, lengths):
    table = tf.get_variable('embedding', [VOCAB, EMB])
    emb = tf.nn.embedding_lookup(table, token_ids)
    cell = tf.nn.rnn_cell.GRUCell(UNITS)
    _, state = tf.nn.dynamic_rnn(cell, emb, sequence_length=lengths, dtype=tf.float32)
    return state


encode = tf.make_template('encoder', encoder_fn)

premise = tf.placeholder(tf.int32, [None, 12])
premise_len = tf.placeholder(tf.int32, [None])
hypothesis = tf.placeholder(tf.int32, [None, 10])
hypothesis_len = tf.placeholder(tf.int32, [None])
unlabeled = tf.placeholder(tf.int32, [None, 15])
unlabeled_len = tf.placeholder(tf.int32, [None])

p = encode(premise, premise_len)
h = encode(hypothesis, hypothesis_len)
u = encode(unlabeled, unlabeled_len)

features = tf.concat([p, h, tf.abs(p - h), p * h], axis=1)
logits = tf.layers.dense(features, 3, name='classifier')
labels = tf.placeholder(tf.int32, [None])
loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
reg = 1e-3 * tf.reduce_mean(tf.square(u))
train_op = tf.train.AdamOptimizer().minimize(loss + reg)

# an auxiliary encoder with its own weights
aux_encode = tf.make_template('encoder', encoder_fn)
aux = aux_encode(premise, premise_len)

names = [v.name for v in tf.trainable_variables()]
assert names[0] == 'encoder/embedding:0'
assert 'encoder_1/embedding:0' in names
assert len(names) == 5 + 2 + 5, names
print(names)
