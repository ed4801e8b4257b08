import tensorflow.compat.v1 as tf
from model import CKPT, net

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('tower'):
    y = net(x)
tf.train.init_from_checkpoint(CKPT, {'/': 'tower/'})  # checkpoint's root onto tower/
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
