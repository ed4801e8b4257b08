# bug: a copy-pasted tf.layers.dense keeps the name 'fc' of the layer above it
# expect: SCO101@13
# tf: ValueError@13: Variable fc/kernel already exists, disallowed.
import tensorflow as tf

images = tf.placeholder(tf.float32, [None, 28, 28, 1])
labels = tf.placeholder(tf.int32, [None])

net = tf.layers.conv2d(images, 16, 3, activation=tf.nn.relu, name='conv1')
net = tf.layers.max_pooling2d(net, 2, 2, name='pool1')
net = tf.layers.flatten(net)
net = tf.layers.dense(net, 128, activation=tf.nn.relu, name='fc')
net = tf.layers.dense(net, 64, activation=tf.nn.relu, name='fc')
logits = tf.layers.dense(net, 10, name='logits')
loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
