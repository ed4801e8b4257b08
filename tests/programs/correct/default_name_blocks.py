# Residual blocks that name themselves with variable_scope(None,
# default_name='block'): each call gets block, block_1, block_2, ... inside
# the stage scope that contains it.
import tensorflow as tf


def residual_block(x, filters):
    with tf.variable_scope(None, default_name='block'):
        shortcut = x
        with tf.variable_scope('conv_a'):
            k = tf.get_variable('kernel', [3, 3, x.shape[-1], filters])
            y = tf.nn.relu(tf.nn.conv2d(x, k, [1, 1, 1, 1], 'SAME'))
        with tf.variable_scope('conv_b'):
            k = tf.get_variable('kernel', [3, 3, filters, filters])
            y = tf.nn.conv2d(y, k, [1, 1, 1, 1], 'SAME')
        return tf.nn.relu(y + shortcut)


def stage(x, name, num_blocks, filters):
    with tf.variable_scope(name):
        for _ in range(num_blocks):
            x = residual_block(x, filters)
        return x


images = tf.placeholder(tf.float32, [None, 16, 16, 8])
net = stage(images, 'stage1', 3, 8)
net = stage(net, 'stage2', 2, 8)
with tf.variable_scope('top'):
    net = residual_block(net, 8)
    net = residual_block(net, 8)
logits = tf.layers.dense(tf.reduce_mean(net, [1, 2]), 10, name='logits')

names = [v.name for v in tf.global_variables()]
assert 'stage1/block_2/conv_b/kernel:0' in names
assert 'stage2/block_1/conv_a/kernel:0' in names
assert 'top/block_1/conv_b/kernel:0' in names
assert len(names) == 2 * (3 + 2 + 2) + 2, names
print(names)
