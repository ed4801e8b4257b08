# contrib
import tensorflow as tf
slim = tf.contrib.slim
images = tf.placeholder(tf.float32, [None, 8, 8, 3])
def tower(x, reuse=None):
    with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=tf.nn.relu):
        net = slim.conv2d(x, 4, [3, 3], scope='conv1', reuse=reuse)
        net = slim.repeat(net, 2, slim.conv2d, 4, [3, 3], scope='conv2', reuse=reuse)
        net = slim.flatten(net)
        return slim.fully_connected(net, 2, scope='fc', reuse=reuse)
a = tower(images)
b = tower(images, reuse=True)
with slim.arg_scope([slim.conv2d], padding="VALID"):
    c = slim.conv2d(images, 4, 3)
    d = slim.stack(images, slim.conv2d, [(4, [3, 3]), (8, [1, 1])])
e = slim.fully_connected(slim.flatten(images), 3, biases_initializer=None)
f = tf.contrib.layers.fully_connected(tf.placeholder(tf.float32, [None, 256]), 2, scope='fc', reuse=True)
g = slim.conv2d(images, 4, 3, scope='conv1')
