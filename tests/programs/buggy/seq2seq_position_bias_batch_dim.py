# bug: the position bias takes its first dim from the encoder inputs' batch dim, which is unknown (None) at graph time
# expect: SCO104@17
# tf: ValueError@35>17: The initializer passed is not valid.
import tensorflow as tf

SRC_LEN = 20
TGT_LEN = 15
VOCAB = 500
UNITS = 64


def encode(src_ids):
    with tf.variable_scope('encoder'):
        emb = tf.get_variable('embedding', [VOCAB, UNITS])
        x = tf.nn.embedding_lookup(emb, src_ids)
        batch, steps = x.get_shape()[0], x.get_shape()[1]
        pos = tf.get_variable('position_bias', [batch, steps, UNITS], initializer=tf.zeros_initializer())
        cell = tf.nn.rnn_cell.GRUCell(UNITS)
        outputs, state = tf.nn.dynamic_rnn(cell, x + pos, dtype=tf.float32)
        return outputs, state


def decode(tgt_ids, state):
    with tf.variable_scope('decoder'):
        emb = tf.get_variable('embedding', [VOCAB, UNITS])
        y = tf.nn.embedding_lookup(emb, tgt_ids)
        cell = tf.nn.rnn_cell.GRUCell(UNITS)
        outputs, _ = tf.nn.dynamic_rnn(cell, y, initial_state=state, dtype=tf.float32)
        proj = tf.get_variable('proj', [outputs.get_shape()[-1], VOCAB])
        return tf.tensordot(outputs, proj, axes=1)


src = tf.placeholder(tf.int32, [None, SRC_LEN])
tgt = tf.placeholder(tf.int32, [None, TGT_LEN])
enc_outputs, enc_state = encode(src)
logits = decode(tgt, enc_state)
