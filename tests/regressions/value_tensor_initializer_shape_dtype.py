# TF: creates s/b:0 (int32, from tf.zeros) at line 4 and s/c:0 (2x3, from tf.ones) at line 5, reuses them at lines 7-10 (a value initializer on reuse is not shape-checked), then raises ValueError at line 11: Trying to share variable s/b, but specified dtype float32 and found dtype int32_ref.
import tensorflow as tf
with tf.variable_scope('s'):
    v = tf.get_variable('b', initializer=tf.zeros([2], dtype=tf.int32))
    u = tf.get_variable('c', initializer=tf.ones((2, 3)))
with tf.variable_scope('s', reuse=True):
    v = tf.get_variable('b', shape=[2], dtype=tf.int32)
    u = tf.get_variable('c', shape=[2, 3])
    u = tf.get_variable('c', dtype=tf.float32)
    u = tf.get_variable('c', initializer=tf.zeros([7]))
    v = tf.get_variable('b')
