# bug: the tower uses named tf.layers.dense calls and is applied to both inputs without reuse
# expect: SCO101@18
# tf: ValueError@18>8: Variable fc1/kernel already exists, disallowed.
import tensorflow as tf


def tower(x):
    h = tf.layers.dense(x, 64, activation=tf.nn.relu, name='fc1')
    h = tf.layers.dense(h, 32, activation=tf.nn.relu, name='fc2')
    return tf.layers.dense(h, 8, name='embedding')


left = tf.placeholder(tf.float32, [None, 100])
right = tf.placeholder(tf.float32, [None, 100])
label = tf.placeholder(tf.float32, [None])

out_left = tower(left)
out_right = tower(right)

distance = tf.reduce_sum(tf.square(out_left - out_right), axis=1)
loss = tf.reduce_mean(label * distance + (1 - label) * tf.maximum(0.0, 1.0 - distance))
