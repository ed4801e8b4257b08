# TF: creates s/b:0 at line 4, reuses s/b:0 at line 6 (a value initializer's shape is not checked on reuse); no error.
import tensorflow as tf
with tf.variable_scope('s'):
    v = tf.get_variable('b', shape=[3])
with tf.variable_scope('s', reuse=True):
    v = tf.get_variable('b', initializer=1.0)
