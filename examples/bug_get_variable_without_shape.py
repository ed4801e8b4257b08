# Shows: creating a variable with get_variable and neither a shape nor a value
# initializer: TF cannot know its shape.
# Seed: none (common bug: the shape was meant to come from an earlier
# variable that does not exist under this name).
# TF 2.21: ValueError: Variable logits/b did not get an initializer, so its
# `shape` argument must be specified. (TF 1.15 failed a step later with
# "The initializer passed is not valid.")
# names: logits/w:0@15
# expect: SCO104@16
# tf: ValueError@16: Variable logits/b did not get an initializer, so its `shape` argument must be specified.
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 8])
with tf.variable_scope('logits'):
    w = tf.get_variable('w', [8, 3])
    b = tf.get_variable('b')
    logits = tf.matmul(x, w) + b
