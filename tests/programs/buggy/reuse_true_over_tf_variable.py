# bug: the layer creates its weights with tf.Variable, so the evaluation branch cannot fetch them with get_variable
# expect: SCO102@21
# tf: ValueError@21: Variable model/hidden/w does not exist, or was not created with tf.get_variable().
import tensorflow as tf


def layer(x, units, name):
    with tf.variable_scope(name):
        w = tf.Variable(tf.truncated_normal([int(x.shape[-1]), units], stddev=0.1), name='w')
        b = tf.Variable(tf.zeros([units]), name='b')
        return tf.nn.relu(tf.matmul(x, w) + b)


x = tf.placeholder(tf.float32, [None, 10])
with tf.variable_scope('model'):
    h = layer(x, 16, 'hidden')
    y = layer(h, 1, 'out')

x_eval = tf.placeholder(tf.float32, [None, 10])
with tf.variable_scope('model', reuse=True):
    w_hidden = tf.get_variable('hidden/w')
    h_eval = tf.nn.relu(tf.matmul(x_eval, w_hidden))
