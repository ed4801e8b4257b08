# Shows: a string variable_scope also opens a name scope of the same name, so
# ops built in it are prefixed too ('foo/add').
# Seed: 003 (section 2, seventh snippet).
# TF: creates foo/v:0; x.op.name is 'foo/add'.
# names: foo/v:0@9
import tensorflow as tf

with tf.variable_scope("foo"):
    x = 1.0 + tf.get_variable("v", [1])
assert x.op.name == "foo/add"
