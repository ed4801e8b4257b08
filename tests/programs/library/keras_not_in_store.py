import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
a = tf.keras.layers.Dense(4)(x)
b = tf.keras.layers.Dense(4)(x)
with tf.variable_scope('s'):
    c = tf.keras.layers.Dense(4)(x)
    d = tf.keras.layers.BatchNormalization()(c)
e = tf.layers.dense(x, 4)
with tf.variable_scope('dense', reuse=True):
    f = tf.get_variable('kernel', [3, 4])
