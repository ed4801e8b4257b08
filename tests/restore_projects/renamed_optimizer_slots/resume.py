import os
import tensorflow.compat.v1 as tf
from model import CKPT_DIR, regressor

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
loss = tf.reduce_mean(tf.square(regressor(x)))
train_op = tf.train.AdamOptimizer(0.01, name='ResumeAdam').minimize(loss)  # slots out/kernel/ResumeAdam ..., not in the checkpoint
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, os.path.join(CKPT_DIR, 'model.ckpt'))
