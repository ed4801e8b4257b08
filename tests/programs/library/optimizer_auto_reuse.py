import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
with tf.variable_scope('net', reuse=tf.AUTO_REUSE):
    y = tf.layers.dense(x, 2, name='fc')
    y2 = tf.layers.dense(x, 2, name='fc')
    loss = tf.reduce_mean(y + y2)
    train = tf.train.AdamOptimizer().minimize(loss)
