# Siamese towers with tf.make_template: the template creates its variables on
# the first call and reuses them on every later call, no reuse flags needed.
import tensorflow as tf


def conv_tower(images):
    net = images
    for i, filters in enumerate([8, 16]):
        w = tf.get_variable('conv%d_w' % i, [3, 3, net.get_shape()[-1], filters],
                            initializer=tf.variance_scaling_initializer())
        b = tf.get_variable('conv%d_b' % i, [filters], initializer=tf.zeros_initializer())
        net = tf.nn.relu(tf.nn.conv2d(net, w, [1, 1, 1, 1], 'SAME') + b)
        net = tf.nn.max_pool(net, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME')
    net = tf.reshape(net, [-1, 4 * 4 * 16])
    w = tf.get_variable('fc_w', [4 * 4 * 16, 32])
    return tf.matmul(net, w)


shared_tower = tf.make_template('tower', conv_tower)

anchor = tf.placeholder(tf.float32, [None, 16, 16, 1])
positive = tf.placeholder(tf.float32, [None, 16, 16, 1])
negative = tf.placeholder(tf.float32, [None, 16, 16, 1])

emb_a = shared_tower(anchor)
emb_p = shared_tower(positive)
emb_n = shared_tower(negative)

with tf.name_scope('triplet_loss'):
    d_pos = tf.reduce_sum(tf.square(emb_a - emb_p), 1)
    d_neg = tf.reduce_sum(tf.square(emb_a - emb_n), 1)
    loss = tf.reduce_mean(tf.maximum(d_pos - d_neg + 0.2, 0.0))

train_op = tf.train.AdamOptimizer(1e-4).minimize(loss)
names = [v.name for v in tf.trainable_variables()]
assert names == ['tower/conv0_w:0', 'tower/conv0_b:0', 'tower/conv1_w:0',
                 'tower/conv1_b:0', 'tower/fc_w:0'], names
print(names)
