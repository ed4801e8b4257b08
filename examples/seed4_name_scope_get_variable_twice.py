# Shows: name scopes do not separate get_variable names: 'a1' in name_scope
# V1 and 'a1' in name_scope V2 are the same key, so the second creation fails.
# Seed: 004 (zkq_1986 blog, second "example 2"). The seed's message ends
# "Did you mean to set reuse=True in VarScope?" (older TF wording).
# TF: creates a1:0 and V1/a2:0, then ValueError: Variable a1 already exists, disallowed.
# names: a1:0@14 V1/a2:0@15
# expect: SCO201@14
# tf-name: a1:0@14
# expect: SCO101@17
# tf: ValueError@17: Variable a1 already exists, disallowed.
import tensorflow as tf

with tf.name_scope('V1'):
    a1 = tf.get_variable(name='a1', shape=[1], initializer=tf.constant_initializer(1))
    a2 = tf.Variable(tf.random_normal(shape=[2, 3], mean=0, stddev=1), name='a2')
with tf.name_scope('V2'):
    a3 = tf.get_variable(name='a1', shape=[1], initializer=tf.constant_initializer(1))
    a4 = tf.Variable(tf.random_normal(shape=[2, 3], mean=0, stddev=1), name='a2')

with tf.Session() as sess:
    sess.run(tf.initialize_all_variables())
    print(a1.name)
    print(a2.name)
    print(a3.name)
    print(a4.name)
