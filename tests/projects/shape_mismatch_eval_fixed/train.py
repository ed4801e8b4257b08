import tensorflow.compat.v1 as tf

import config
from text import classify, embed

tf.disable_v2_behavior()

train_ids = tf.placeholder(tf.int32, [None, 20])
eval_ids = tf.placeholder(tf.int32, [None, 20])
train_logits = classify(embed(train_ids, config.TRAIN_VOCAB))
eval_logits = classify(embed(eval_ids, config.TRAIN_VOCAB, reuse=True), reuse=True)
