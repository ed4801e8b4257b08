import tensorflow.compat.v1 as tf

import config
from siamese import encoder

tf.disable_v2_behavior()

left = tf.placeholder(tf.float32, [None, config.EMBED])
right = tf.placeholder(tf.float32, [None, config.EMBED])
similarity = tf.reduce_sum(encoder.encode(left) * encoder.encode(right), axis=1)
loss = tf.reduce_mean(tf.square(1.0 - similarity))
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
