import os
import tensorflow.compat.v1 as tf
from model import CKPT_DIR, classifier, loss_of

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
loss = loss_of(classifier(x))
step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(0.001).minimize(loss, global_step=step)
saver = tf.train.Saver()  # built after Adam: asks for beta1_power, global_step, the slots
with tf.Session() as sess:
    saver.restore(sess, os.path.join(CKPT_DIR, 'model.ckpt'))
