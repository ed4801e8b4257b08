# bug: a hyper-parameter sweep rebuilds the model in the same default graph (no tf.reset_default_graph()), so the second run collides
# expect: SCO101@11
# tf: ValueError@22>11: Variable regressor/hidden/kernel already exists, disallowed.
import tensorflow as tf


def build_and_train(learning_rate, hidden_units):
    x = tf.placeholder(tf.float32, [None, 5])
    y = tf.placeholder(tf.float32, [None, 1])
    with tf.variable_scope('regressor'):
        h = tf.layers.dense(x, hidden_units, activation=tf.nn.relu, name='hidden')
        pred = tf.layers.dense(h, 1, name='out')
    loss = tf.losses.mean_squared_error(y, pred)
    train_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
    return loss


results = {}
for lr in [0.1, 0.01, 0.001]:
    results[lr] = build_and_train(lr, hidden_units=16)
