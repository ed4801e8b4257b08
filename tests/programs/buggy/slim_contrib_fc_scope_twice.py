# oracle: contrib
# bug: a slim scoring head with a fixed scope is applied to two candidates without reuse=True
# expect: SCO101@20
# tf: ValueError@20>11: Variable score/fc1/weights already exists, disallowed.
import tensorflow as tf
import tensorflow.contrib.slim as slim


def scorer(features):
    with tf.variable_scope('score'):
        net = slim.fully_connected(features, 16, scope='fc1')
        return slim.fully_connected(net, 1, activation_fn=None, scope='fc2')


query = tf.placeholder(tf.float32, [None, 12])
doc_a = tf.placeholder(tf.float32, [None, 12])
doc_b = tf.placeholder(tf.float32, [None, 12])

score_a = scorer(tf.concat([query, doc_a], axis=1))
score_b = scorer(tf.concat([query, doc_b], axis=1))
loss = tf.reduce_mean(tf.nn.softplus(score_b - score_a))
