# A notebook cell written to be re-runnable: the model lives in a
# reuse=tf.AUTO_REUSE scope, so running the cell again (simulated by the
# loop) finds the existing variables instead of failing.
import tensorflow as tf


def run_cell():
    # --- cell body -------------------------------------------------------
    x = tf.placeholder(tf.float32, [None, 4], name='x')
    with tf.variable_scope('model', reuse=tf.AUTO_REUSE):
        w = tf.get_variable('w', [4, 2], initializer=tf.glorot_uniform_initializer())
        b = tf.get_variable('b', [2], initializer=tf.zeros_initializer())
        hidden = tf.layers.dense(x, 8, activation=tf.nn.relu, name='hidden')
        logits = tf.matmul(hidden[:, :4], w) + b
    probs = tf.nn.softmax(logits)
    # ---------------------------------------------------------------------
    return x, probs


outputs = []
for run in range(3):
    x, probs = run_cell()
    outputs.append(probs)

names = [v.name for v in tf.global_variables()]
assert names == ['model/w:0', 'model/b:0', 'model/hidden/kernel:0', 'model/hidden/bias:0'], names

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    res = sess.run(outputs[-1], {x: [[1.0, 2.0, 3.0, 4.0]]})
    assert res.shape == (1, 2)
    print(names)
