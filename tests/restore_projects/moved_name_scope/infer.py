import tensorflow.compat.v1 as tf
from model import CKPT, scaler

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
with tf.name_scope('serving'):
    y = scaler(x)  # serving/scale/gamma
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, CKPT)
