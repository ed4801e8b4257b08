import tensorflow.compat.v1 as tf
from model import CKPT

tf.disable_v2_behavior()
seen = tf.get_variable('seen', [], initializer=tf.zeros_initializer(), trainable=False)  # float32, not int64
w = tf.get_variable('w', [3])
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, CKPT)
