import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

import model  # noqa: E402

ids = tf.placeholder(tf.int32, [None, 5])
with tf.variable_scope(tf.get_variable_scope(), reuse=tf.AUTO_REUSE):
    first = model.score(ids)
    second = model.score(ids[:, :2])
