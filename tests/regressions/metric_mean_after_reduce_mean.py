# TF: an unnamed tf.reduce_mean makes the op `Mean`; op names are unique case-insensitively, so the metric's scope is mean_1: creates mean_1/total:0 and mean_1/count:0 at line 4; no error.
import tensorflow as tf
n = tf.reduce_mean(tf.zeros([2, 2]), axis=1).shape[0]
m = tf.metrics.mean(tf.constant([1.0]))
