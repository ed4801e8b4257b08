# bug: a constant_initializer (a callable, not a value) is given but the shape is left out
# expect: SCO104@8
# tf: ValueError@8: The initializer passed is not valid.
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 6])
with tf.variable_scope('layer_norm'):
    gamma = tf.get_variable('gamma', initializer=tf.constant_initializer(1.0))
    beta = tf.get_variable('beta', [6], initializer=tf.zeros_initializer())
    mean, var = tf.nn.moments(x, axes=[1], keep_dims=True)
    y = gamma * (x - mean) / tf.sqrt(var + 1e-6) + beta
