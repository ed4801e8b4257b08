import tensorflow.compat.v1 as tf
from model import CKPT, embed

tf.disable_v2_behavior()
ids = tf.placeholder(tf.int32, [None])
vectors = embed(ids)
saver = tf.train.Saver({v.op.name: v for v in tf.global_variables()})
with tf.Session() as sess:
    saver.restore(sess, CKPT)
