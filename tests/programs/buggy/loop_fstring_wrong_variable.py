# bug: the layer scope name uses the layer count instead of the loop index, so every layer gets the same scope
# expect: SCO101@11
# tf: ValueError@19>11: Variable block_3/conv/kernel already exists, disallowed.
import tensorflow as tf

num_blocks = 3


def conv_block(x, filters):
    with tf.variable_scope('conv'):
        k = tf.get_variable('kernel', [3, 3, x.shape[-1], filters])
        return tf.nn.relu(tf.nn.conv2d(x, k, [1, 1, 1, 1], 'SAME'))


images = tf.placeholder(tf.float32, [None, 16, 16, 3])
net = images
for i in range(num_blocks):
    with tf.variable_scope(f'block_{num_blocks}'):
        net = conv_block(net, 8)
