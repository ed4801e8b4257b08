import tensorflow.compat.v1 as tf
from model import CKPT_DIR, mlp

tf.disable_v2_behavior()
raw = tf.placeholder(tf.float32, [None, 6])
x = tf.layers.dense(raw, 4)  # a projection added first takes the name dense
y = mlp(x)  # now dense_1 and dense_2
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint(CKPT_DIR))
