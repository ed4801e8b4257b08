# Shows: variable_scope prefixes both get_variable and tf.Variable names, so
# the same names in V1 and V2 do not clash.
# Seed: 004 (zkq_1986 blog, example 2; matplotlib import dropped, prints made Python 3).
# TF: creates V1/a1:0, V1/a2:0, V2/a1:0, V2/a2:0.
# names: V1/a1:0@10 V1/a2:0@11 V2/a1:0@13 V2/a2:0@14
import tensorflow as tf
import numpy as np

with tf.variable_scope('V1'):
    a1 = tf.get_variable(name='a1', shape=[1], initializer=tf.constant_initializer(1))
    a2 = tf.Variable(tf.random_normal(shape=[2, 3], mean=0, stddev=1), name='a2')
with tf.variable_scope('V2'):
    a3 = tf.get_variable(name='a1', shape=[1], initializer=tf.constant_initializer(1))
    a4 = tf.Variable(tf.random_normal(shape=[2, 3], mean=0, stddev=1), name='a2')

with tf.Session() as sess:
    sess.run(tf.initialize_all_variables())
    print(a1.name)  # V1/a1:0
    print(a2.name)  # V1/a2:0
    print(a3.name)  # V2/a1:0
    print(a4.name)  # V2/a2:0
