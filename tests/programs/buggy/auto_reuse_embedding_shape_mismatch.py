# bug: an AUTO_REUSE embedding helper is called for two vocabularies under the same name
# expect: SCO103@17
# tf: ValueError@17>9: Trying to share variable embedding/table, but specified shape (500, 32) and found shape (1000, 32).
import tensorflow as tf


def embed(ids, vocab_size, dim=32, name='embedding'):
    with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
        table = tf.get_variable('table', [vocab_size, dim])
        return tf.nn.embedding_lookup(table, ids)


words = tf.placeholder(tf.int32, [None, 20])
tags = tf.placeholder(tf.int32, [None, 20])

word_emb = embed(words, 1000)
tag_emb = embed(tags, 500)  # needs name='tag_embedding'
features = tf.concat([word_emb, tag_emb], axis=-1)
