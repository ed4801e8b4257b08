# TF: creates xy/t:0 at line 5 and xy/t_1:0 at line 6 (the second name in one name scope is uniquified); no error. scopelint cannot know the scope name (argv), so it must not claim `?/t` twice.
import sys
import tensorflow as tf
with tf.name_scope('x' + sys.argv[0][:0] + 'y'):
    a = tf.Variable(0., name='t')
    b = tf.Variable(0., name='t')
