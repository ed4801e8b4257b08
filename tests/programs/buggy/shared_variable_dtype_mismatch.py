# bug: a half-precision inference graph tries to share float32 weights by name
# expect: SCO103@18
# tf: ValueError@18>9: Trying to share variable dense_block/w, but specified dtype float16 and found dtype float32_ref.
import tensorflow as tf


def dense_block(x, units, dtype=tf.float32, reuse=None):
    with tf.variable_scope('dense_block', reuse=reuse):
        w = tf.get_variable('w', [x.shape[-1], units], dtype=dtype)
        b = tf.get_variable('b', [units], dtype=dtype, initializer=tf.zeros_initializer())
        return tf.nn.relu(tf.matmul(x, w) + b)


x32 = tf.placeholder(tf.float32, [None, 8])
train_out = dense_block(x32, 4)

x16 = tf.placeholder(tf.float16, [None, 8])
fast_out = dense_block(x16, 4, dtype=tf.float16, reuse=True)
