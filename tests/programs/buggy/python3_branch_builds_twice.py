# bug: the Python 3 side of a version check builds the encoder, and the script builds it again
# expect: SCO101@20
# tf: ValueError@20>11: Variable encoder/w already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?
import sys

import tensorflow as tf


def encoder(x):
    with tf.variable_scope('encoder'):
        return tf.get_variable('w', [3, 3])


inputs = tf.placeholder(tf.float32, [None, 3])
if sys.version_info.major < 3:
    features = inputs
else:
    features = encoder(inputs)

outputs = encoder(features)  # needs reuse=True (or a scope of its own)
