# Shows: a captured VariableScope object can be re-entered to add variables,
# and re-entered with reuse=True to share them.
# Seed: 003 (section 2, fourth snippet).
# TF: creates foo/v:0 and foo/w:0; v1 is v and w1 is w.
# names: foo/v:0@9 foo/w:0@11
import tensorflow as tf

with tf.variable_scope("foo") as foo_scope:
    v = tf.get_variable("v", [1])
with tf.variable_scope(foo_scope):
    w = tf.get_variable("w", [1])
with tf.variable_scope(foo_scope, reuse=True):
    v1 = tf.get_variable("v", [1])
    w1 = tf.get_variable("w", [1])
assert v1 is v
assert w1 is w
