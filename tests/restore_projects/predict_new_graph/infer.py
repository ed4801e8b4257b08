import os
import tensorflow.compat.v1 as tf
from model import CKPT, linear

tf.disable_v2_behavior()

x = tf.placeholder(tf.float32, [None, 4])
linear(x)
os.makedirs(os.path.dirname(CKPT), exist_ok=True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    tf.train.Saver().save(sess, CKPT)
tf.reset_default_graph()


def predict(batch):
    with tf.Graph().as_default():  # a fresh graph per call: the same names every time
        x = tf.placeholder(tf.float32, [None, 4])
        y = linear(x)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, CKPT)
            return sess.run(y, {x: batch})


print(predict([[1, 2, 3, 4]]))
print(predict([[4, 3, 2, 1]]))
