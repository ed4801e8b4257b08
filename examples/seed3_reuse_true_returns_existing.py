# Shows: with reuse=True, get_variable with the same name (and a compatible
# shape) returns the existing variable.
# Seed: 003 (section 1, second snippet).
# TF: creates foo/v:0 once; v1 is v.
# names: foo/v:0@9
import tensorflow as tf

with tf.variable_scope("foo"):
    v = tf.get_variable("v", [1])
with tf.variable_scope("foo", reuse=True):
    v1 = tf.get_variable("v", [1])
assert v1 is v
