# Shows: two tf.nn.dynamic_rnn calls with new cells at the same level both use
# the default scope 'rnn', so the second tries to create the same variables.
# Seed: none (common bug; the same error as seed 001's notebook re-run).
# TF: creates rnn/lstm_cell/kernel:0 and rnn/lstm_cell/bias:0, then
# ValueError: Variable rnn/lstm_cell/kernel already exists, disallowed.
# names: rnn/lstm_cell/kernel:0@15 rnn/lstm_cell/bias:0@15
# expect: SCO101@17
# tf: ValueError@17: Variable rnn/lstm_cell/kernel already exists, disallowed.
import tensorflow as tf

question = tf.placeholder(tf.float32, [None, 6, 8])
answer = tf.placeholder(tf.float32, [None, 5, 8])

q_cell = tf.nn.rnn_cell.LSTMCell(16)
q_out, q_state = tf.nn.dynamic_rnn(q_cell, question, dtype=tf.float32)
a_cell = tf.nn.rnn_cell.LSTMCell(16)
a_out, a_state = tf.nn.dynamic_rnn(a_cell, answer, dtype=tf.float32)  # needs scope='answer'
