import os
import tensorflow.compat.v1 as tf
from model import CKPT_DIR, encoder

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('model'):
    z = encoder(x)
loss = tf.reduce_mean(tf.square(z))
step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=step)
saver = tf.train.Saver()
os.makedirs(os.path.dirname(os.path.join(CKPT_DIR, 'model.ckpt')), exist_ok=True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train_op, {x: [[1, 2, 3, 4]]})
    saver.save(sess, os.path.join(CKPT_DIR, 'model.ckpt'), global_step=step)
