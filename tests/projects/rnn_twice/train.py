import tensorflow.compat.v1 as tf

import qa
from qa import config

tf.disable_v2_behavior()

question = tf.placeholder(tf.float32, [None, 10, config.EMBED])
passage = tf.placeholder(tf.float32, [None, 40, config.EMBED])
q_outputs, q_state = qa.encode(question)
p_outputs, p_state = qa.encode(passage)
scores = tf.matmul(p_outputs, tf.expand_dims(q_state, 2))
