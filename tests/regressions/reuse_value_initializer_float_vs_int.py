# TF: creates s/b:0 (int32) at line 4, then raises ValueError at line 6: Trying to share variable s/b, but specified dtype float32 and found dtype int32_ref. (a value initializer on reuse: TF compares the scope's dtype, float32, not the value's.)
import tensorflow as tf
with tf.variable_scope('s'):
    v = tf.get_variable('b', shape=[3], dtype=tf.int32)
with tf.variable_scope('s', reuse=True):
    v = tf.get_variable('b', initializer=tf.zeros([3], dtype=tf.int32))
