# Shows: the seed's closing claim: entering a scope *object* does not reopen
# the original name scope; TF opens the object's last name component as a new,
# uniquified name scope (foo_1/, foo_2/), while variables still go to foo/.
# Seed: 003 (closing note about passing a scope object).
# TF: creates foo/v:0 and foo/w:0; ops land in foo/, foo_1/, foo_2/.
# names: foo/v:0@12 foo/w:0@15
import tensorflow as tf

with tf.variable_scope("foo") as foo_scope:
    a = tf.constant(1.0, name='a')
with tf.variable_scope(foo_scope):
    v = tf.get_variable("v", [1])
    b = tf.constant(1.0, name='b')
with tf.variable_scope(foo_scope):
    w = tf.get_variable("w", [1])
    c = tf.constant(1.0, name='c')
print(a.name, b.name, c.name)  # foo/a:0 foo_1/b:0 foo_2/c:0
assert (a.name, b.name, c.name) == ('foo/a:0', 'foo_1/b:0', 'foo_2/c:0')
assert (v.name, w.name) == ('foo/v:0', 'foo/w:0')
