import os
import tensorflow.compat.v1 as tf
from model import CKPT_DIR, classifier, loss_of

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
loss = loss_of(classifier(x))
restorer = tf.train.Saver()  # built before the optimizer: the model's variables only
step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(0.001).minimize(loss, global_step=step)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    restorer.restore(sess, os.path.join(CKPT_DIR, 'model.ckpt'))
