# bug: the hidden layers are built in a loop but every pass uses the same layer name
# expect: SCO101@14
# tf: ValueError@14: Variable mlp/hidden/kernel already exists, disallowed.
import tensorflow as tf

HIDDEN_UNITS = [128, 64, 32]

x = tf.placeholder(tf.float32, [None, 50])
y = tf.placeholder(tf.float32, [None, 1])

net = x
with tf.variable_scope('mlp'):
    for units in HIDDEN_UNITS:
        net = tf.layers.dense(net, units, activation=tf.nn.relu, name='hidden')
    pred = tf.layers.dense(net, 1, name='output')

loss = tf.losses.mean_squared_error(y, pred)
