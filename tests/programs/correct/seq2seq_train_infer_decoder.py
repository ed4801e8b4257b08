# Seq2seq with separate encoder and decoder scopes. The decoder is built twice
# from one function: once for teacher-forced training and once, with
# reuse=True, for greedy inference with a different number of steps. The
# output projection is a named tf.layers.dense inside the decoder scope;
# the embedding table is a module-level variable used by both sides.
import tensorflow as tf

VOCAB = 40
EMB = 8
UNITS = 16
GO = 1


with tf.variable_scope('embedding'):
    EMBEDDINGS = tf.get_variable('table', [VOCAB, EMB])


def embed(ids):
    return tf.nn.embedding_lookup(EMBEDDINGS, ids)


def encoder(src):
    with tf.variable_scope('encoder'):
        cell = tf.nn.rnn_cell.LSTMCell(UNITS)
        _, state = tf.nn.dynamic_rnn(cell, embed(src), dtype=tf.float32)
        return state


def decoder_step(cell, inputs, state):
    out, state = cell(inputs, state)
    logits = tf.layers.dense(out, VOCAB, name='projection')
    return logits, state


def decoder(init_state, targets=None, max_steps=6, reuse=None):
    with tf.variable_scope('decoder', reuse=reuse):
        cell = tf.nn.rnn_cell.LSTMCell(UNITS, name='dec_cell')
        state = init_state
        batch = tf.shape(init_state.h)[0]
        prev = tf.fill([batch], GO)
        all_logits = []
        for t in range(max_steps):
            if t > 0:
                tf.get_variable_scope().reuse_variables()
            step_in = embed(prev if targets is None else targets[:, t])
            logits, state = decoder_step(cell, step_in, state)
            all_logits.append(logits)
            prev = tf.argmax(logits, axis=1, output_type=tf.int32)
        return tf.stack(all_logits, axis=1)


source = tf.placeholder(tf.int32, [None, 7])
target_in = tf.placeholder(tf.int32, [None, 6])
target_out = tf.placeholder(tf.int32, [None, 6])

enc_state = encoder(source)
train_logits = decoder(enc_state, targets=target_in)
infer_logits = decoder(enc_state, max_steps=10, reuse=True)

loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=target_out, logits=train_logits))
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)

names = [v.name for v in tf.trainable_variables()]
assert names == ['embedding/table:0', 'encoder/rnn/lstm_cell/kernel:0', 'encoder/rnn/lstm_cell/bias:0',
                 'decoder/dec_cell/kernel:0', 'decoder/dec_cell/bias:0',
                 'decoder/projection/kernel:0', 'decoder/projection/bias:0'], names
print(names)
