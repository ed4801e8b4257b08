import tensorflow.compat.v1 as tf
from model import CKPT_DIR, linear

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
y = linear(x)
# Evaluation-only state: local variables, which a Saver neither saves nor restores.
seen = tf.get_local_variable('seen', [], initializer=tf.zeros_initializer())
total = tf.Variable(0.0, name='total', trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    saver.restore(sess, tf.train.latest_checkpoint(CKPT_DIR))
