# bug: the discriminator optimizer is created inside the discriminator scope after scope.reuse_variables()
# expect: SCO102@18
# tf: ValueError@18: Variable D/D/fc/kernel/Adam/ does not exist, or was not created with tf.get_variable().
import tensorflow as tf

real = tf.placeholder(tf.float32, [None, 16])
z = tf.placeholder(tf.float32, [None, 4])

with tf.variable_scope('G'):
    fake = tf.layers.dense(z, 16, activation=tf.tanh, name='fc')

with tf.variable_scope('D') as scope:
    d_real = tf.layers.dense(real, 1, name='fc')
    scope.reuse_variables()
    d_fake = tf.layers.dense(fake, 1, name='fc')
    d_loss = tf.reduce_mean(tf.nn.softplus(-d_real) + tf.nn.softplus(d_fake))
    d_vars = tf.trainable_variables(scope='D')
    d_train = tf.train.AdamOptimizer(1e-3).minimize(d_loss, var_list=d_vars)
