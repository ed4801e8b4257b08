import tensorflow.compat.v1 as tf
from model import CKPT_DIR, encoder

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('model'):
    z = encoder(x)
saver = tf.train.Saver()
with tf.Session() as sess:
    state = tf.train.get_checkpoint_state(CKPT_DIR)
    saver.restore(sess, state.model_checkpoint_path)
    print(sess.run(z, {x: [[1, 2, 3, 4]]}))
