# Shows: tf.get_variable_scope().reuse_variables() at top level switches the
# root scope to reuse for the rest of the graph; the optimizer's minimize()
# then cannot create its slot variables.
# Seed: none (common bug in multi-tower code written without an enclosing scope).
# TF: creates fc/w:0, fc/b:0 and Adam's beta1_power:0, beta2_power:0 (these are
# tf.Variables, so reuse does not stop them), then the first slot fails:
# ValueError: Variable fc/w/Adam/ does not exist, or was not created with tf.get_variable().
# names: fc/w:0@24>16 fc/b:0@24>17 beta1_power:0@29 beta2_power:0@29
# expect: SCO102@29
# tf: ValueError@29: Variable fc/w/Adam/ does not exist, or was not created with tf.get_variable().
import tensorflow as tf


def model(x):
    with tf.variable_scope('fc'):
        w = tf.get_variable('w', [4, 1])
        b = tf.get_variable('b', [1], initializer=tf.zeros_initializer())
        return tf.matmul(x, w) + b


x1 = tf.placeholder(tf.float32, [None, 4])
x2 = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 1])
pred1 = model(x1)
tf.get_variable_scope().reuse_variables()  # meant for the second tower only
pred2 = model(x2)
loss = tf.reduce_mean(tf.square(pred1 - y)) + tf.reduce_mean(tf.square(pred2 - y))

train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
