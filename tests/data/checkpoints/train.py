import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def encoder(x):
    with tf.variable_scope('encoder'):
        h = tf.layers.dense(x, 64, activation=tf.nn.relu, name='hidden')
        return tf.layers.dense(h, 8, name='out')


x = tf.placeholder(tf.float32, [None, 32])
with tf.variable_scope('model'):
    z = encoder(x)
loss = tf.reduce_mean(tf.square(z))
step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss, global_step=step)

saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, 'ckpt/model.ckpt', global_step=1000)
