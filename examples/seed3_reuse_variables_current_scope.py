# Shows: tf.get_variable_scope().reuse_variables() inside a variable scope
# switches that scope to reuse; the next get_variable('v') returns foo/v.
# Seed: 003 (section 2, second snippet).
# TF: creates foo/v:0 once; v1 is v.
# names: foo/v:0@9
import tensorflow as tf

with tf.variable_scope("foo"):
    v = tf.get_variable("v", [1])
    tf.get_variable_scope().reuse_variables()
    v1 = tf.get_variable("v", [1])
assert v1 is v
