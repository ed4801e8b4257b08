import os
import tensorflow.compat.v1 as tf
from model import net

tf.disable_v2_behavior()
CKPT_DIR = os.path.join('runs', 'once')

x = tf.placeholder(tf.float32, [None, 4])
y = net(x)
step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(0.01).minimize(tf.reduce_sum(y), global_step=step)
saver = tf.train.Saver()
os.makedirs(os.path.dirname(os.path.join(CKPT_DIR, 'model.ckpt')), exist_ok=True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train_op, {x: [[1, 2, 3, 4]]})
    path = saver.save(sess, os.path.join(CKPT_DIR, 'model.ckpt'), global_step=1)

tf.reset_default_graph()
x = tf.placeholder(tf.float32, [None, 4])
y = net(x)
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, path)  # the prefix saver.save returned
