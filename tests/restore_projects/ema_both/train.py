import os
import tensorflow.compat.v1 as tf
from model import CKPT_DIR, regressor

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
loss = tf.reduce_mean(tf.square(regressor(x)))
step = tf.train.get_or_create_global_step()
opt = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss, global_step=step)
ema = tf.train.ExponentialMovingAverage(0.99)
with tf.control_dependencies([opt]):
    train_op = ema.apply(tf.trainable_variables())
saver = tf.train.Saver()
os.makedirs(os.path.dirname(os.path.join(CKPT_DIR, 'model.ckpt')), exist_ok=True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train_op, {x: [[1, 2, 3, 4]]})
    saver.save(sess, os.path.join(CKPT_DIR, 'model.ckpt'), global_step=step)
