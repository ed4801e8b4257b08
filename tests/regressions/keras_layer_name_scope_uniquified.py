# TF: every call of a Keras layer opens name_scope(layer.name), uniquified in the graph: creates dense/kernel:0 at line 5, dense_1_1/kernel:0 at line 8 (the second call of `d` took dense_1), fc_1/kernel:0 at line 12 (after the variable_scope 'fc'); no error.
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 4])
d = tf.keras.layers.Dense(4)
y = d(x)
y = d(y)
e = tf.keras.layers.Dense(4)
z = e(x)
with tf.variable_scope('fc'):
    w = tf.get_variable('w', [4, 4])
h = tf.keras.layers.Dense(4, name='fc')
z = h(tf.matmul(z, w))
