# TF: creates x:0 at line 3, then raises ValueError at line 5: If initializer is a constant, do not specify shape (tf.ones_like gives a value).
import tensorflow as tf
x = tf.get_variable('x', shape=[2])
with tf.variable_scope('s'):
    a = tf.get_variable('a', shape=[2], initializer=tf.ones_like(x))
