# bug: after scope.reuse_variables() the scope object stays reusing; re-entering it later to add a new variable fails
# expect: SCO102@17
# tf: ValueError@17: Variable net/extra_bias does not exist, or was not created with tf.get_variable().
import tensorflow as tf

x1 = tf.placeholder(tf.float32, [None, 3])
x2 = tf.placeholder(tf.float32, [None, 3])

with tf.variable_scope('net') as net_scope:
    w = tf.get_variable('w', [3, 3])
    y1 = tf.matmul(x1, w)
    net_scope.reuse_variables()
    y2 = tf.matmul(x2, tf.get_variable('w'))

# add a bias to the same scope afterwards
with tf.variable_scope(net_scope):
    extra_bias = tf.get_variable('extra_bias', [3], initializer=tf.zeros_initializer())
    y1 = y1 + extra_bias
