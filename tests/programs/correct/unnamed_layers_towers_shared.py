# oracle: contrib
# Towers built from unnamed layers, shared by their automatic names: slim's
# fully_connected layers are numbered fully_connected, fully_connected_1, ...
# inside the tower scope, and the count restarts each time the scope is
# re-entered, so the second tower (reuse=True) asks for the same names. An
# unnamed tf.layers.dense with reuse=True takes the base name `dense` without
# a suffix and so shares the first unnamed dense of its scope.
import tensorflow as tf
import tensorflow.contrib.slim as slim

N_IN, N_HID, N_OUT = 6, 8, 2

left = tf.placeholder(tf.float32, [None, N_IN])
right = tf.placeholder(tf.float32, [None, N_IN])


def tower(x):
    net = slim.fully_connected(x, N_HID)
    net = slim.fully_connected(net, N_HID)
    return slim.fully_connected(net, N_OUT, activation_fn=None)


embeddings = []
for i, batch in enumerate([left, right]):
    with tf.variable_scope('tower', reuse=(i > 0)):
        embeddings.append(tower(batch))

with tf.variable_scope('head'):
    score_left = tf.layers.dense(embeddings[0], 1)
    score_right = tf.layers.dense(embeddings[1], 1, reuse=True)

names = sorted(v.name for v in tf.trainable_variables())
assert names == ['head/dense/bias:0', 'head/dense/kernel:0',
                 'tower/fully_connected/biases:0', 'tower/fully_connected/weights:0',
                 'tower/fully_connected_1/biases:0', 'tower/fully_connected_1/weights:0',
                 'tower/fully_connected_2/biases:0', 'tower/fully_connected_2/weights:0'], names
