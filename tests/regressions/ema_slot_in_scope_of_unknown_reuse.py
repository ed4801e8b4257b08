# TF (SL_R unset): EMA.apply inside a variable scope doubles its prefix and names the slot without a trailing slash: creates h1/gamma:0 at line 6 and h1/h1/gamma/ExponentialMovingAverage:0 at line 7; no error. With the reuse flag unknown, scopelint may leave the outcome unknown but must not name `.../ExponentialMovingAverage/`.
import os
import tensorflow as tf
R = os.environ.get('SL_R') == '1'
with tf.variable_scope('h1', reuse=R):
    v = tf.get_variable('gamma', [2])
    tf.train.ExponentialMovingAverage(0.9).apply([v])
