# TF: raises ValueError at line 6: Variable gamma1 did not get an initializer, so its `shape` argument must be specified. (layer, whose line 4 always fails (SCO107), is never reached: that finding is not judged.)
import tensorflow as tf
def layer(scope_name):
    with tf.variable_scope(None, default_name='s', reuse=True):
        t = tf.Variable(0.0, name='w')
v = tf.get_variable('gamma1')
layer('fc')
