# TF: creates w:0 at line 6 (in the new graph), then raises ValueError at line 7: Variable w already exists, disallowed.
import tensorflow as tf
with tf.variable_scope('s'):
    pass
tf.reset_default_graph()
v = tf.get_variable('w', shape=[2])
v = tf.get_variable('w', shape=[2])
