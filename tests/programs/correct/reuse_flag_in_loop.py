# A hand-unrolled recurrent network: the same cell weights are used at every
# time step, created on the first step and reused afterwards with
# reuse=(t > 0). A second loop does the same with an attention scorer.
import tensorflow as tf

STEPS = 5
UNITS = 12


def rnn_step(x_t, h_prev):
    w_x = tf.get_variable('w_x', [x_t.shape[-1], UNITS])
    w_h = tf.get_variable('w_h', [UNITS, UNITS])
    b = tf.get_variable('b', [UNITS], initializer=tf.zeros_initializer())
    return tf.tanh(tf.matmul(x_t, w_x) + tf.matmul(h_prev, w_h) + b)


inputs = tf.placeholder(tf.float32, [None, STEPS, 6])
batch = tf.shape(inputs)[0]
h = tf.zeros([batch, UNITS])
states = []
for t in range(STEPS):
    with tf.variable_scope('rnn_cell', reuse=(t > 0)):
        h = rnn_step(inputs[:, t, :], h)
        states.append(h)

query = tf.placeholder(tf.float32, [None, UNITS])
scores = []
for t, state in enumerate(states):
    with tf.variable_scope('attention', reuse=t > 0):
        v = tf.get_variable('v', [UNITS, 1])
        w_q = tf.get_variable('w_q', [UNITS, UNITS])
        scores.append(tf.matmul(tf.tanh(state + tf.matmul(query, w_q)), v))
weights = tf.nn.softmax(tf.concat(scores, axis=1))
context = tf.reduce_sum(tf.stack(states, axis=1) * tf.expand_dims(weights, -1), axis=1)

names = sorted(v.name for v in tf.trainable_variables())
assert names == ['attention/v:0', 'attention/w_q:0', 'rnn_cell/b:0',
                 'rnn_cell/w_h:0', 'rnn_cell/w_x:0'], names
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(names)
