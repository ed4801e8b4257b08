import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

import model  # noqa: E402  (graph mode first: importing it creates variables)

ids = tf.placeholder(tf.int32, [None, 12])
features = model.encode(ids)
