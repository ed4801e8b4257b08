import tensorflow.compat.v1 as tf
from model import CKPT_DIR, encoder

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
z = encoder(x)
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint(CKPT_DIR))
