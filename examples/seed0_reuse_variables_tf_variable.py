# Shows: tf.Variable ignores reuse: after scope.reuse_variables() each
# tf.Variable(name='var4') is a new variable (var4, then var4_1).
# Seed: 000 (MorvanZhou, second program, tf.Variable half); seed 002 repeats it.
# TF: creates a_variable_scope/var3:0, a_variable_scope/var4:0 and
# a_variable_scope/var4_1:0; nothing is shared; no error.
# names: a_variable_scope/var3:0@15 a_variable_scope/var4:0@17 a_variable_scope/var4_1:0@18
# expect: SCO202@17
# expect: SCO202@18
# tf-name: a_variable_scope/var4:0@17
# tf-name: a_variable_scope/var4_1:0@18
import tensorflow as tf

with tf.variable_scope("a_variable_scope") as scope:
    initializer = tf.constant_initializer(value=3)
    var3 = tf.get_variable(name='var3', shape=[1], dtype=tf.float32, initializer=initializer)
    scope.reuse_variables()
    var4 = tf.Variable(name='var4', initial_value=[4], dtype=tf.float32)
    var4_reuse = tf.Variable(name='var4', initial_value=[4], dtype=tf.float32)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(var4.name)            # a_variable_scope/var4:0
    print(sess.run(var4))       # [ 4.]
    print(var4_reuse.name)      # a_variable_scope/var4_1:0
    print(sess.run(var4_reuse)) # [ 4.]
