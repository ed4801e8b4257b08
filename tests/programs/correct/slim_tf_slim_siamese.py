# Siamese CNN with the standalone tf_slim package: the same network function
# is applied twice; the second call passes reuse=True, and all layers have
# explicit scopes, so the variables are shared.
import tensorflow as tf
import tf_slim as slim


def network(images, reuse=False):
    with tf.variable_scope('siamese', reuse=reuse):
        with slim.arg_scope([slim.conv2d], padding='SAME', activation_fn=tf.nn.relu,
                            weights_initializer=slim.xavier_initializer_conv2d()):
            net = slim.conv2d(images, 8, [5, 5], scope='conv1')
            net = slim.max_pool2d(net, [2, 2], scope='pool1')
            net = slim.conv2d(net, 16, [3, 3], scope='conv2')
            net = slim.max_pool2d(net, [2, 2], scope='pool2')
            net = slim.flatten(net)
            net = slim.fully_connected(net, 32, activation_fn=None, scope='embedding')
    return net


left = tf.placeholder(tf.float32, [None, 16, 16, 1], name='left')
right = tf.placeholder(tf.float32, [None, 16, 16, 1], name='right')
label = tf.placeholder(tf.float32, [None], name='label')

left_out = network(left)
right_out = network(right, reuse=True)

distance = tf.sqrt(tf.reduce_sum(tf.square(left_out - right_out), 1) + 1e-6)
loss = tf.reduce_mean(label * tf.square(distance) +
                      (1 - label) * tf.square(tf.maximum(1.0 - distance, 0.0)))
train_op = tf.train.AdamOptimizer(1e-4).minimize(loss)

names = [v.op.name for v in slim.get_model_variables()]
assert names == ['siamese/conv1/weights', 'siamese/conv1/biases', 'siamese/conv2/weights',
                 'siamese/conv2/biases', 'siamese/embedding/weights',
                 'siamese/embedding/biases'], names
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(names)
