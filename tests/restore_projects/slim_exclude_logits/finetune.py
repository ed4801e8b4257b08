import tensorflow.compat.v1 as tf
import tf_slim as slim
from model import CKPT_DIR, backbone, head

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
logits = head(backbone(x), 3)  # a new task: the logits change shape
restore_vars = slim.get_variables_to_restore(exclude=['logits'])
saver = tf.train.Saver(restore_vars)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.restore(sess, tf.train.latest_checkpoint(CKPT_DIR))
