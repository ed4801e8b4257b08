import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
with tf.variable_scope('model'):
    w = tf.get_variable('w', [3, 2])
    b = tf.get_variable('b', [2], initializer=tf.zeros_initializer())
loss = tf.reduce_sum(tf.matmul(x, w) + b)
step = tf.train.get_or_create_global_step()
adam = tf.train.AdamOptimizer(1e-3).minimize(loss, global_step=step)
with tf.variable_scope('second'):
    mom = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
opt = tf.train.RMSPropOptimizer(0.1)
grads = opt.compute_gradients(loss, var_list=[w])
train = opt.apply_gradients(grads)
sgd = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
ada = tf.train.AdagradOptimizer(0.1, name='Ada').minimize(loss, var_list=[b])
ema = tf.train.ExponentialMovingAverage(0.99)
keep = ema.apply([w, b])
with tf.variable_scope('model', reuse=True):
    again = tf.train.AdamOptimizer(1e-3).minimize(loss)
