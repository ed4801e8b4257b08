import tensorflow.compat.v1 as tf

CKPT = 'runs/emb/model'


def embed(ids):
    table = tf.get_variable('embedding', [10, 3])
    return tf.nn.embedding_lookup(table, ids)
