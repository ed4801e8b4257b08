# Shows: a name_scope inside a variable_scope prefixes ops ('foo/bar/add')
# but not get_variable ('foo/v', not 'foo/bar/v').
# Seed: 003 (section 2, eighth snippet).
# TF: creates foo/v:0; x.op.name is 'foo/bar/add'.
# names: foo/v:0@12
# expect: SCO201@12
# tf-name: foo/v:0@12
import tensorflow as tf

with tf.variable_scope("foo"):
    with tf.name_scope("bar"):
        v = tf.get_variable("v", [1])
        x = 1.0 + v
assert v.name == "foo/v:0"
assert x.op.name == "foo/bar/add"
