# bug: the tower's weights go through a custom getter that keeps a renamed copy per weight; the tower is built for two inputs without reuse, so the second build creates the renamed variables again
# expect: SCO101@24
# tf: ValueError@24>16>11: Variable tower/hidden/kernel_wn already exists, disallowed.
import tensorflow as tf


def weight_norm_getter(getter, name, *args, **kwargs):
    # The variable TF creates is the renamed one: 'tower/hidden/kernel_wn'.
    if name.endswith('kernel'):
        name = name + '_wn'
    return getter(name, *args, **kwargs)


def tower(x, reuse=None):
    with tf.variable_scope('tower', reuse=reuse, custom_getter=weight_norm_getter):
        h = tf.layers.dense(x, 16, activation=tf.nn.relu, name='hidden')
        return tf.layers.dense(h, 1, name='out')


left = tf.placeholder(tf.float32, [None, 8])
right = tf.placeholder(tf.float32, [None, 8])

left_score = tower(left)
right_score = tower(right)
distance = tf.reduce_mean(tf.abs(left_score - right_score))
