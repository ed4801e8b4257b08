# bug: the first tower is built with tf.keras.layers (not in the get_variable store), the second tries to share it with tf.layers and reuse=True
# expect: SCO102@13
# tf: ValueError@13: Variable tower/fc/kernel does not exist, or was not created with tf.get_variable().
import tensorflow as tf

anchor = tf.placeholder(tf.float32, [None, 10])
other = tf.placeholder(tf.float32, [None, 10])

with tf.variable_scope('tower'):
    anchor_code = tf.keras.layers.Dense(8, activation='relu', name='fc')(anchor)

with tf.variable_scope('tower', reuse=True):
    other_code = tf.layers.dense(other, 8, activation=tf.nn.relu, name='fc')

distance = tf.reduce_sum(tf.square(anchor_code - other_code), axis=1)
