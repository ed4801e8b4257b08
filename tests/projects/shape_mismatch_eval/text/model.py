import tensorflow.compat.v1 as tf

from config import EMBED_DIM


def embed(ids, vocab_size, reuse=None):
    with tf.variable_scope("embedding", reuse=reuse):
        table = tf.get_variable("table", [vocab_size, EMBED_DIM])
        return tf.nn.embedding_lookup(table, ids)


def classify(embedded, reuse=None):
    with tf.variable_scope("classifier", reuse=reuse):
        pooled = tf.reduce_mean(embedded, axis=1)
        return tf.layers.dense(pooled, 2, name="logits")
