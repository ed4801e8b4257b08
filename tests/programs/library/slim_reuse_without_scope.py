# contrib
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
y = tf.contrib.layers.fully_connected(x, 4)
z = tf.contrib.layers.fully_connected(x, 4, reuse=True)
