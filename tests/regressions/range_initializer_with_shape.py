# TF: raises ValueError at line 3: If initializer is a constant, do not specify shape (tf.range gives a value).
import tensorflow as tf
a = tf.get_variable('a', shape=[4], initializer=tf.range(4))
