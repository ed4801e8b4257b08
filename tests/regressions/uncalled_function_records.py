# TF: creates w:0 at line 6 only (block is never called: lines 4-5 run nothing, scopelint's records there are for a hypothetical call and not judged); no error.
import tensorflow as tf
def block(scope_name, reuse=None):
    t = tf.Variable(0.0, name='t')
    v = tf.get_variable('v', shape=[3])
w = tf.get_variable('w', shape=[1])
