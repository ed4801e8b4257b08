"""The shared embedding table, made once, when this module is first imported."""
import tensorflow.compat.v1 as tf

import config

EMBEDDINGS = tf.get_variable("embeddings", [config.VOCAB, config.DIM])
