# bug: the bias is created with get_variable but without a shape (and without a value initializer)
# expect: SCO104@11
# tf: ValueError@16>11: Variable output/bias did not get an initializer, so its `shape` argument must be specified.
import tensorflow as tf


def output_layer(x, num_classes):
    with tf.variable_scope('output'):
        w = tf.get_variable('weights', [x.shape[-1], num_classes],
                            initializer=tf.truncated_normal_initializer(stddev=0.1))
        b = tf.get_variable('bias', dtype=tf.float32)
        return tf.matmul(x, w) + b


features = tf.placeholder(tf.float32, [None, 12])
logits = output_layer(features, 3)
