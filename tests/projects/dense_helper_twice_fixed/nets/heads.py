import tensorflow.compat.v1 as tf

NUM_CLASSES = 5


def logits_head(features):
    return tf.layers.dense(features, NUM_CLASSES, name="logits")
