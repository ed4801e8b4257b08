import tensorflow.compat.v1 as tf
from model import CKPT, encoder

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('serving'):
    z = encoder(x)
# The checkpoint's names are model/...: map them onto this graph's serving/...
mapping = {v.op.name.replace('serving/', 'model/', 1): v for v in tf.global_variables()}
saver = tf.train.Saver(mapping)
with tf.Session() as sess:
    saver.restore(sess, CKPT)
