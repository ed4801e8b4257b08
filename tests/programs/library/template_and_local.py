import tensorflow as tf
def scale(x, init=1.0):
    s = tf.get_variable('scale', shape=[], initializer=tf.constant_initializer(init))
    return x * s
t = tf.make_template('scaler', scale, init=2.0)
a = t(tf.constant(1.0))
b = t(tf.constant(3.0))
u = tf.make_template('scaler', scale)
c = u(tf.constant(1.0))
with tf.variable_scope('outer'):
    d = tf.make_template('inner', scale)(tf.constant(1.0))
loc = tf.get_local_variable('counter', shape=[], dtype=tf.int32)
