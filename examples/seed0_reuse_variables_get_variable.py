# Shows: scope.reuse_variables() inside a variable_scope lets a second
# tf.get_variable('var3') (no shape needed) return the existing variable.
# Seed: 000 (MorvanZhou, second program, get_variable half); seed 002 repeats it.
# TF: creates a_variable_scope/var3:0 once; var3_reuse is the same object.
# names: a_variable_scope/var3:0@10
import tensorflow as tf

with tf.variable_scope("a_variable_scope") as scope:
    initializer = tf.constant_initializer(value=3)
    var3 = tf.get_variable(name='var3', shape=[1], dtype=tf.float32, initializer=initializer)
    scope.reuse_variables()
    var3_reuse = tf.get_variable(name='var3',)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(var3.name)            # a_variable_scope/var3:0
    print(sess.run(var3))       # [ 3.]
    print(var3_reuse.name)      # a_variable_scope/var3:0
    print(sess.run(var3_reuse)) # [ 3.]
    assert var3 is var3_reuse
