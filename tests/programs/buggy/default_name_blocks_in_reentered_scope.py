# bug: blocks named with default_name are built in two separate `with variable_scope('decoder')` blocks; the counter restarts and the second one collides
# expect: SCO101@21
# tf: ValueError@21>9: Variable decoder/block/w already exists, disallowed.
import tensorflow as tf


def block(x):
    with tf.variable_scope(None, default_name='block'):
        w = tf.get_variable('w', [x.shape[-1], 8])
        return tf.nn.relu(tf.matmul(x, w))


x = tf.placeholder(tf.float32, [None, 8])

with tf.variable_scope('decoder'):
    h = block(x)
    h = block(h)

# later, more decoder blocks are appended "to the same decoder"
with tf.variable_scope('decoder'):
    h = block(h)
