# Shows: inside tf.name_scope, tf.get_variable ignores the name scope while
# tf.Variable gets the prefix and is made unique (var2, var2_1, var2_2).
# Seed: 000 (MorvanZhou "scope 命名方法", first program); seed 002 repeats it.
# TF: creates var1:0, a_name_scope/var2:0, a_name_scope/var2_1:0,
# a_name_scope/var2_2:0; no error. Prints var1:0 [1.] ... as the seed says.
# names: var1:0@14 a_name_scope/var2:0@15 a_name_scope/var2_1:0@16 a_name_scope/var2_2:0@17
# expect: SCO201@14
# tf-name: var1:0@14
import tensorflow as tf

with tf.name_scope("a_name_scope"):
    initializer = tf.constant_initializer(value=1)
    # get_variable does not see "a_name_scope": the name is var1:0
    var1 = tf.get_variable(name='var1', shape=[1], dtype=tf.float32, initializer=initializer)
    var2 = tf.Variable(name='var2', initial_value=[2], dtype=tf.float32)
    var21 = tf.Variable(name='var2', initial_value=[2.1], dtype=tf.float32)
    var22 = tf.Variable(name='var2', initial_value=[2.2], dtype=tf.float32)


with tf.Session() as sess:
    sess.run(tf.initialize_all_variables())
    print(var1.name)        # var1:0
    print(sess.run(var1))   # [ 1.]
    print(var2.name)        # a_name_scope/var2:0
    print(sess.run(var2))   # [ 2.]
    print(var21.name)       # a_name_scope/var2_1:0
    print(sess.run(var21))  # [ 2.0999999]
    print(var22.name)       # a_name_scope/var2_2:0
    print(sess.run(var22))  # [ 2.20000005]
