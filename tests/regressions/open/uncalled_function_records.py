# TF: creates w:0 at line 5 only (block is never called, so lines 3-4 create nothing); no error.
import tensorflow as tf
def block(scope_name, reuse=None):
    t = tf.Variable(0.0, name='t')
    v = tf.get_variable('v', shape=[3])
w = tf.get_variable('w', shape=[1])
