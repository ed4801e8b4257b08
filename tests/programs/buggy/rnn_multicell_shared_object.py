# bug: one LSTMCell object is repeated in the MultiRNNCell list; its kernel is built for the 50-dim embeddings, then fed the 128-dim outputs of layer 0
# expect: SCO113@22
# tf: ValueError@28>22: Dimensions must be equal, but are 256 and 178
import tensorflow as tf

VOCAB = 1000
EMBED = 50
HIDDEN = 128
LAYERS = 2


def embed(tokens):
    with tf.variable_scope('embedding'):
        table = tf.get_variable('table', [VOCAB, EMBED])
        return tf.nn.embedding_lookup(table, tokens)


def encoder(inputs, lengths):
    cell = tf.nn.rnn_cell.LSTMCell(HIDDEN)
    cell = tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=0.8)
    stack = tf.nn.rnn_cell.MultiRNNCell([cell] * LAYERS)
    outputs, state = tf.nn.dynamic_rnn(stack, inputs, sequence_length=lengths, dtype=tf.float32, scope='encoder')
    return outputs, state


tokens = tf.placeholder(tf.int32, [None, 30])
lengths = tf.placeholder(tf.int32, [None])
outputs, state = encoder(embed(tokens), lengths)
with tf.variable_scope('logits'):
    w = tf.get_variable('w', [HIDDEN, VOCAB])
    logits = tf.tensordot(outputs, w, axes=1)
