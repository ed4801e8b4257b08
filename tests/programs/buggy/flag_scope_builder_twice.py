# bug: the scope name comes from a command-line flag; the builder is called twice with it, without reuse
# expect: SCO101@23
# tf: ValueError@23>17: Variable mlp/hidden/w already exists, disallowed.
import argparse

import numpy as np
import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument('--scope', default='mlp')
args = parser.parse_args([])


def build(x, scope):
    with tf.variable_scope(scope):
        with tf.variable_scope('hidden'):
            w = tf.get_variable('w', [4, 8])
        return tf.matmul(x, w)


features = np.random.rand(16, 4).astype(np.float32)
train_out = build(tf.constant(features), args.scope)
eval_out = build(tf.constant(features), args.scope)
