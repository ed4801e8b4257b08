# TF: creates x:0 at line 3, then raises ValueError at line 4: If initializer is a constant, do not specify shape (tf.zeros_like gives a value, as tf.zeros does).
import tensorflow as tf
x = tf.get_variable('x', shape=[2])
a = tf.get_variable('a', shape=[2], initializer=tf.zeros_like(x))
