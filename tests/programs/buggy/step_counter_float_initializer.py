# bug: the epoch counter is declared int64 but initialised from a Python float, and get_variable does not convert the value to the dtype
# expect: SCO110@16
# tf: ValueError@16: Initializer type '<dtype: 'float32'>' and explicit dtype '<dtype: 'int64'>' don't match.
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 1])

with tf.variable_scope('model'):
    w = tf.get_variable('w', [4, 1])
    b = tf.get_variable('b', initializer=[0.0])
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
train_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss)

with tf.variable_scope('counters'):
    epoch = tf.get_variable('epoch', dtype=tf.int64, initializer=0.0, trainable=False)
    next_epoch = tf.assign_add(epoch, 1)
