# Shows: the error that started seed 001: an LSTM cell run twice in one
# notebook kernel. The second run's new BasicLSTMCell + dynamic_rnn tries to
# create rnn/basic_lstm_cell/kernel again in the same default graph.
# Seed: 001 (huangyongye notebook, introduction). The seed quotes the TF 1.0
# name rnn/basic_lstm_cell/weights; current TF names it .../kernel.
# TF: run 1 creates rnn/basic_lstm_cell/kernel:0 and rnn/basic_lstm_cell/bias:0;
# run 2 raises ValueError: Variable rnn/basic_lstm_cell/kernel already exists, disallowed.
# names: rnn/basic_lstm_cell/kernel:0@16 rnn/basic_lstm_cell/bias:0@16
# expect: SCO101@23
# tf: ValueError@23: Variable rnn/basic_lstm_cell/kernel already exists, disallowed.
import tensorflow as tf

# In [5]: first run of the cell
X = tf.placeholder(tf.float32, [None, 28, 28])
lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=16)
outputs, state = tf.nn.dynamic_rnn(lstm_cell, X, dtype=tf.float32)
h_state = outputs[:, -1, :]
print(h_state.name)

# In [5] run again (same kernel, same default graph)
X = tf.placeholder(tf.float32, [None, 28, 28])
lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=16)
outputs, state = tf.nn.dynamic_rnn(lstm_cell, X, dtype=tf.float32)
h_state = outputs[:, -1, :]
