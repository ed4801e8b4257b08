# Shows: variable scopes nest like directories.
# Seed: 003 (section 2, first snippet).
# TF: creates foo/bar/v:0.
# names: foo/bar/v:0@9
import tensorflow as tf

with tf.variable_scope("foo"):
    with tf.variable_scope("bar"):
        v = tf.get_variable("v", [1])
assert v.name == "foo/bar/v:0"
