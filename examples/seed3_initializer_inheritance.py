# Shows: a variable scope's initializer is the default for get_variable in it
# and in nested scopes, unless get_variable or a nested scope sets its own.
# Seed: 003 (section 2, sixth snippet). The seed has a stray ':' after the w
# line and calls v.eval() without a session; both are fixed here.
# TF: creates foo/v:0 (0.4), foo/w:0 (0.3), foo/bar/v:0 (0.4), foo/baz/v:0 (0.2).
# names: foo/v:0@11 foo/w:0@14 foo/bar/v:0@18 foo/baz/v:0@22
import tensorflow as tf

sess = tf.InteractiveSession()
with tf.variable_scope("foo", initializer=tf.constant_initializer(0.4)):
    v = tf.get_variable("v", [1])
    v.initializer.run()
    assert v.eval() == 0.4  # Default initializer as set above.
    w = tf.get_variable("w", [1], initializer=tf.constant_initializer(0.3))
    w.initializer.run()
    assert w.eval() == 0.3  # Specific initializer overrides the default.
    with tf.variable_scope("bar"):
        v = tf.get_variable("v", [1])
        v.initializer.run()
        assert v.eval() == 0.4  # Inherited default initializer.
    with tf.variable_scope("baz", initializer=tf.constant_initializer(0.2)):
        v = tf.get_variable("v", [1])
        v.initializer.run()
        assert v.eval() == 0.2  # Changed default initializer.
sess.close()
