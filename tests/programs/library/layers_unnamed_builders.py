import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
def mlp(h, reuse=None):
    with tf.variable_scope('mlp', reuse=reuse):
        h = tf.layers.dense(h, 8, activation=tf.nn.relu)
        h = tf.layers.dense(h, 8)
        return tf.layers.dense(h, 1)
a = mlp(x)
b = mlp(x, reuse=True)
c = tf.layers.dense(x, 2)
d = tf.layers.dense(x, 2)
for i in range(3):
    e = tf.layers.dense(x, 2, name='head_%d' % i)
f = tf.layers.dense(x, 2, name='head_1', reuse=True)
c = mlp(x)
