# Shows: the seed's fix: with only tf.Variable in the two name scopes the
# program runs, and the names carry the name-scope prefixes.
# Seed: 004 (zkq_1986 blog, the corrected code).
# TF: creates V1/a2:0 and V2/a2:0.
# names: V1/a2:0@11 V2/a2:0@14
import tensorflow as tf
import numpy as np

with tf.name_scope('V1'):
    # a1 = tf.get_variable(name='a1', shape=[1], initializer=tf.constant_initializer(1))
    a2 = tf.Variable(tf.random_normal(shape=[2, 3], mean=0, stddev=1), name='a2')
with tf.name_scope('V2'):
    # a3 = tf.get_variable(name='a1', shape=[1], initializer=tf.constant_initializer(1))
    a4 = tf.Variable(tf.random_normal(shape=[2, 3], mean=0, stddev=1), name='a2')

with tf.Session() as sess:
    sess.run(tf.initialize_all_variables())
    # print(a1.name)
    print(a2.name)  # V1/a2:0
    # print(a3.name)
    print(a4.name)  # V2/a2:0
