# A small CNN with tf.layers: unnamed layers are numbered automatically
# (conv2d, conv2d_1, dense, dense_1), named ones use their name, and an
# auxiliary head re-applies the named 'logits' layer with reuse=True.
import tensorflow as tf

images = tf.placeholder(tf.float32, [None, 28, 28, 1])
aux_images = tf.placeholder(tf.float32, [None, 28, 28, 1])
labels = tf.placeholder(tf.int32, [None])
training = tf.placeholder_with_default(False, [])

net = tf.layers.conv2d(images, 8, 5, padding='same', activation=tf.nn.relu)
net = tf.layers.max_pooling2d(net, 2, 2)
net = tf.layers.conv2d(net, 16, 5, padding='same', activation=tf.nn.relu)
net = tf.layers.max_pooling2d(net, 2, 2)
net = tf.layers.flatten(net)
net = tf.layers.dense(net, 64, activation=tf.nn.relu)
net = tf.layers.dropout(net, rate=0.4, training=training)
features = tf.layers.dense(net, 32, activation=tf.nn.relu)
logits = tf.layers.dense(features, 10, name='logits')

aux = tf.layers.flatten(tf.layers.average_pooling2d(aux_images, 4, 4))
aux = tf.layers.dense(aux, 32, activation=tf.nn.relu, name='aux_proj')
aux_logits = tf.layers.dense(aux, 10, name='logits', reuse=True)

loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
loss += 0.3 * tf.losses.sparse_softmax_cross_entropy(labels, aux_logits)
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)

names = [v.name for v in tf.trainable_variables()]
assert names == ['conv2d/kernel:0', 'conv2d/bias:0', 'conv2d_1/kernel:0', 'conv2d_1/bias:0',
                 'dense/kernel:0', 'dense/bias:0', 'dense_1/kernel:0', 'dense_1/bias:0',
                 'logits/kernel:0', 'logits/bias:0', 'aux_proj/kernel:0', 'aux_proj/bias:0'], names
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(names)
