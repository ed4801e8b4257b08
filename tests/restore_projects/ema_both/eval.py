import tensorflow.compat.v1 as tf
from model import CKPT_DIR, regressor

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
y = regressor(x)
ema = tf.train.ExponentialMovingAverage(0.99)
saver = tf.train.Saver(ema.variables_to_restore())  # reg/out/kernel <- reg/out/kernel/ExponentialMovingAverage
with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint(CKPT_DIR))
