# TF: creates dense/kernel:0 and dense/bias:0 at line 4, then dense_1/kernel:0 and dense_1/bias:0 at line 5; no error.
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 4])
y = tf.layers.dense(x, 3)
y = tf.layers.dense(x, 3)
