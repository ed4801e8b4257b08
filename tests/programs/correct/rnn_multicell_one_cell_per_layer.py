# A two-layer LSTM encoder over embeddings: each layer gets its own cell
# object (and so its own weights under multi_rnn_cell/cell_N), and the
# projection's kernel is sized from the RNN output's static shape.
import tensorflow as tf

VOCAB = 1000
EMBED = 50
HIDDEN = 128
LAYERS = 2


def embed(tokens):
    with tf.variable_scope('embedding'):
        table = tf.get_variable('table', [VOCAB, EMBED])
        return tf.nn.embedding_lookup(table, tokens)


def make_cell():
    return tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.LSTMCell(HIDDEN), output_keep_prob=0.8)


def encoder(inputs, lengths):
    stack = tf.nn.rnn_cell.MultiRNNCell([make_cell() for _ in range(LAYERS)])
    outputs, state = tf.nn.dynamic_rnn(stack, inputs, sequence_length=lengths, dtype=tf.float32, scope='encoder')
    return outputs, state


tokens = tf.placeholder(tf.int32, [None, 30])
lengths = tf.placeholder(tf.int32, [None])
outputs, state = encoder(embed(tokens), lengths)
with tf.variable_scope('logits'):
    w = tf.get_variable('w', [outputs.get_shape()[-1], VOCAB])
    b = tf.get_variable('b', [VOCAB], initializer=tf.zeros_initializer())
    logits = tf.tensordot(outputs, w, axes=1) + b
