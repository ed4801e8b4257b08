import os
import tensorflow.compat.v1 as tf
from model import CKPT_DIR, autoencoder

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
y = autoencoder(x, hidden=16)  # a config that differs from training's
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, os.path.join(CKPT_DIR, 'ae'))
