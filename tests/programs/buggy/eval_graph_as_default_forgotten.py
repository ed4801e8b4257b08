# bug: an evaluation graph is created but the `with eval_graph.as_default():` is missing, so the model is built twice in the same default graph
# expect: SCO101@19
# tf: ValueError@19>9: Variable net/fc1/kernel already exists, disallowed.
import tensorflow as tf


def build(inputs):
    with tf.variable_scope('net'):
        h = tf.layers.dense(inputs, 16, activation=tf.nn.relu, name='fc1')
        return tf.layers.dense(h, 2, name='fc2')


train_x = tf.placeholder(tf.float32, [None, 4])
train_logits = build(train_x)
saver = tf.train.Saver()

eval_graph = tf.Graph()
eval_x = tf.placeholder(tf.float32, [None, 4])
eval_logits = build(eval_x)
