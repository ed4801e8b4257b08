# Hyper-parameter sweep that rebuilds the same model for every setting; each
# run starts with tf.reset_default_graph(), so the fixed variable names can be
# created again.
import tensorflow as tf


def build_model(hidden_units, learning_rate):
    x = tf.placeholder(tf.float32, [None, 10], name='x')
    y = tf.placeholder(tf.float32, [None, 1], name='y')
    with tf.variable_scope('model'):
        h = tf.layers.dense(x, hidden_units, activation=tf.nn.relu, name='hidden')
        pred = tf.layers.dense(h, 1, name='output')
    loss = tf.losses.mean_squared_error(y, pred)
    step = tf.train.get_or_create_global_step()
    train_op = tf.train.AdamOptimizer(learning_rate).minimize(loss, global_step=step)
    return x, y, loss, train_op


results = {}
for hidden in [4, 8]:
    for lr in [1e-2, 1e-3]:
        tf.reset_default_graph()
        x, y, loss, train_op = build_model(hidden, lr)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            results[(hidden, lr)] = len(tf.global_variables())

# the notebook-style cell: reset first, then build once more
tf.reset_default_graph()
build_model(16, 1e-3)
assert tf.get_default_graph().get_tensor_by_name('model/hidden/kernel:0').shape[1] == 16
print(results)
