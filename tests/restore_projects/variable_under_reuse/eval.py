import tensorflow.compat.v1 as tf
from model import CKPT_DIR, tower

tf.disable_v2_behavior()
clean = tf.placeholder(tf.float32, [None, 4])
noisy = tf.placeholder(tf.float32, [None, 4])
a = tower(clean)
b = tower(noisy)  # shares w, but makes net_1/b
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint(CKPT_DIR))
