import os
import tensorflow.compat.v1 as tf
from model import CKPT, encoder

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('model'):
    z = encoder(x)
saver = tf.train.Saver()
os.makedirs(os.path.dirname(CKPT), exist_ok=True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, CKPT)
