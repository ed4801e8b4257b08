"""Graph-wide variables, created once when this module is first imported."""
import tensorflow.compat.v1 as tf

VOCAB = 100
DIM = 4

global_step = tf.train.get_or_create_global_step()
with tf.variable_scope("shared"):
    embeddings = tf.get_variable("embeddings", [VOCAB, DIM])
