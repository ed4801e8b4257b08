# Shows: with reuse False (the default) get_variable creates a new variable
# named <scope>/<name>.
# Seed: 003 (section 1, first snippet).
# TF: creates foo/v:0.
# names: foo/v:0@9
import tensorflow as tf

with tf.variable_scope("foo"):
    v = tf.get_variable("v", [1])
assert v.name == "foo/v:0"
