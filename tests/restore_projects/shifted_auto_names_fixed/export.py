import tensorflow.compat.v1 as tf
from model import CKPT_DIR, mlp

tf.disable_v2_behavior()
raw = tf.placeholder(tf.float32, [None, 6])
with tf.variable_scope('projection'):
    x = tf.layers.dense(raw, 4)  # projection/dense: the model keeps dense and dense_1
y = mlp(x)
model_vars = [v for v in tf.global_variables() if not v.name.startswith('projection/')]
saver = tf.train.Saver(var_list=model_vars)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.restore(sess, tf.train.latest_checkpoint(CKPT_DIR))
