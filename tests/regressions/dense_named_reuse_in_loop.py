# TF: creates fc/dense/kernel:0 and fc/dense/bias:0 at line 6 (i == 0), then reuses both at line 6 (i == 1); no error.
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 4])
for i in range(2):
    with tf.variable_scope('fc', reuse=(i > 0)):
        y = tf.layers.dense(x, 3, name='dense')
