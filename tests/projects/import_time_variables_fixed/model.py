import tensorflow.compat.v1 as tf

import vocab


def encode(ids):
    return tf.reduce_sum(tf.nn.embedding_lookup(vocab.EMBEDDINGS, ids), axis=1)
