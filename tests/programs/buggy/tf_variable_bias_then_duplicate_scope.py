# bug: the decoder is re-opened without reuse and collides; independently, the reusing embedding scope makes a fresh tf.Variable bias
# expect: SCO202@19
# tf-name: embed_1/bias:0@19>12
# expect: SCO101@26
# tf: ValueError@26: Variable decoder/w already exists, disallowed.
import tensorflow as tf


def embed(ids, reuse=None):
    with tf.variable_scope('embed', reuse=reuse):
        table = tf.get_variable('table', [100, 8])
        bias = tf.Variable(tf.zeros([8]), name='bias')
        return tf.nn.embedding_lookup(table, ids) + bias


src = tf.placeholder(tf.int32, [None, 5])
tgt = tf.placeholder(tf.int32, [None, 5])
src_emb = embed(src)
tgt_emb = embed(tgt, reuse=True)

with tf.variable_scope('decoder'):
    w = tf.get_variable('w', [8, 100])
    train_logits = tf.tensordot(tgt_emb, w, axes=1)

with tf.variable_scope('decoder'):  # should be reuse=True
    w = tf.get_variable('w', [8, 100])
    infer_logits = tf.tensordot(src_emb, w, axes=1)
