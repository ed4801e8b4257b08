# TF: creates c/weights:0 at line 6 and no c/biases: the arg_scope's biases_initializer=None applies to slim.conv2d.
import tensorflow as tf
import tf_slim as slim
x = tf.placeholder(tf.float32, [None, 8, 8, 3])
with slim.arg_scope([slim.conv2d], biases_initializer=None):
    net = slim.conv2d(x, 4, [3, 3], scope='c')
