# TF: raises ValueError at line 4: Variable fc/kernel does not exist, or was not created with tf.get_variable().
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 4])
y = tf.layers.dense(x, 3, name='fc', reuse=True)
