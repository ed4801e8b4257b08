# bug: unnamed tf.layers.dense inside a fixed variable_scope; the second call restarts at net/dense and collides
# expect: SCO101@19
# tf: ValueError@19>9: Variable net/dense/kernel already exists, disallowed.
import tensorflow as tf


def net(x):
    with tf.variable_scope('net'):
        h = tf.layers.dense(x, 32, activation=tf.nn.relu)
        h = tf.layers.dense(h, 32, activation=tf.nn.relu)
        return tf.layers.dense(h, 1)


x_train = tf.placeholder(tf.float32, [None, 6])
y_train = tf.placeholder(tf.float32, [None, 1])
x_valid = tf.placeholder(tf.float32, [None, 6])

pred_train = net(x_train)
pred_valid = net(x_valid)  # unnamed layers do not make this call safe
loss = tf.losses.mean_squared_error(y_train, pred_train)
