import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 3])
def encoder(inputs, reuse=None):
    with tf.variable_scope('encoder', reuse=reuse):
        cell = tf.nn.rnn_cell.LSTMCell(4)
        out, state = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
        return out
e1 = encoder(x)
e2 = encoder(x, reuse=True)
stack = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(6), tf.nn.rnn_cell.BasicRNNCell(6)])
o, s = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32, scope='stacked')
fw = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicLSTMCell(4), output_keep_prob=0.5)
bw = tf.nn.rnn_cell.BasicLSTMCell(4)
(of, ob), _ = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, dtype=tf.float32)
peep = tf.nn.rnn_cell.LSTMCell(4, use_peepholes=True, num_proj=2, name='peep')
o2, _ = tf.nn.dynamic_rnn(peep, x, dtype=tf.float32)
xs = tf.unstack(x, axis=1)
o3, _ = tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), xs, dtype=tf.float32, scope='static')
o4, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), x, dtype=tf.float32)
o5, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), x, dtype=tf.float32)
