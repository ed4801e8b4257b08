# Shows: the shortest sharing idiom: create foo/v, then re-open 'foo' with
# reuse=True and get_variable('v') returns the same variable.
# Seed: 002 (CSDN copy of the MorvanZhou tutorial, last snippet).
# TF: creates foo/v:0 once; v1 == v holds (graph-mode == is identity).
# names: foo/v:0@9
import tensorflow as tf

with tf.variable_scope('foo') as foo_scope:
    v = tf.get_variable('v', [1])
with tf.variable_scope('foo', reuse=True):
    v1 = tf.get_variable('v')
assert v1 == v
