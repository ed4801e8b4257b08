import tensorflow.compat.v1 as tf

from nets import tower

tf.disable_v2_behavior()

anchor = tower(tf.random_normal([2, 5]))
positive = tower(tf.random_normal([2, 5]))
negative = tower(tf.random_normal([2, 5]))
loss = tf.reduce_mean(tf.nn.relu(tf.norm(anchor - positive) - tf.norm(anchor - negative) + 1.0))
train_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
