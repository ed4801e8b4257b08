import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 6])
with tf.variable_scope('emb', partitioner=tf.fixed_size_partitioner(3)):
    table = tf.get_variable('table', [10, 4])
    small = tf.get_variable('small', [2, 4])
    scalar = tf.get_variable('scalar', [])
    with tf.variable_scope('inner'):
        inherited = tf.get_variable('w', [9, 2])
    y = tf.layers.dense(x, 4)
with tf.variable_scope('emb', reuse=True):
    again = tf.get_variable('table', [10, 4])
    no_shape = tf.get_variable('small')
with tf.variable_scope('emb', reuse=tf.AUTO_REUSE, partitioner=tf.fixed_size_partitioner(3)):
    auto = tf.get_variable('table', [10, 4])
    fresh = tf.get_variable('fresh', [5, 2])
cols = tf.get_variable('cols', [4, 6], partitioner=tf.fixed_size_partitioner(2, axis=1))
one = tf.get_variable('one', [5, 4], partitioner=tf.fixed_size_partitioner(1))
