# TF: creates nothing (FLAG is False, so block is never called); no error.
import tensorflow as tf
FLAG = False
def block(idx=0):
    t = tf.Variable(0.0, name='t')
    v = tf.get_variable('gamma', shape=[3])
if FLAG:
    block()
