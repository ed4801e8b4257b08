# TF: creates b:0 at line 3 (its value gives the shape), then raises ValueError at line 4: If initializer is a constant, do not specify shape (tf.linspace gives a value).
import tensorflow as tf
b = tf.get_variable('b', initializer=tf.linspace(0.0, 1.0, 3))
a = tf.get_variable('a', shape=[3], initializer=tf.linspace(0.0, 1.0, 3))
