import tensorflow.compat.v1 as tf
from model import TEACHER_DIR, net

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('student'):
    y = net(x)
tf.train.init_from_checkpoint(TEACHER_DIR, {'teacher/': 'student/'})
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
