import tensorflow.compat.v1 as tf

import config
import vocab  # noqa: F401  (makes the table)


def encode(ids):
    table = tf.get_variable("embeddings", [config.VOCAB, config.DIM])
    return tf.reduce_sum(tf.nn.embedding_lookup(table, ids), axis=1)
