# Shows: entering a captured scope object from inside other scopes jumps to
# that scope's variable prefix ('foo', not 'bar/baz/foo'). Ops do not jump:
# they go to the name scope bar/baz/foo/ (the seed's closing note says an object
# opens foo_N; that only holds at top level, see seed3_scope_object_name_scope.py).
# Seed: 003 (section 2, fifth snippet); the variables and the op are added here.
# TF: foo_scope2.name is 'foo'; creates bar/baz/x:0 and foo/y:0; op bar/baz/foo/c.
# names: bar/baz/x:0@15 foo/y:0@18
import tensorflow as tf

with tf.variable_scope("foo") as foo_scope:
    assert foo_scope.name == "foo"
with tf.variable_scope("bar"):
    with tf.variable_scope("baz") as other_scope:
        assert other_scope.name == "bar/baz"
        x = tf.get_variable("x", [1])
        with tf.variable_scope(foo_scope) as foo_scope2:
            assert foo_scope2.name == "foo"  # Not changed.
            y = tf.get_variable("y", [1])
            c = tf.constant(0.0, name='c')
print(x.name, y.name, c.name)  # bar/baz/x:0 foo/y:0 bar/baz/foo/c:0
assert c.name == 'bar/baz/foo/c:0'
