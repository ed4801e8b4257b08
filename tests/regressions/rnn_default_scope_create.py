# TF: creates rnn/basic_lstm_cell/kernel:0 and rnn/basic_lstm_cell/bias:0 at line 4, then raises ValueError at line 5: Variable rnn/basic_lstm_cell/kernel already exists, disallowed.
import tensorflow as tf
seq = tf.placeholder(tf.float32, [None, 5, 4])
o, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), seq, dtype=tf.float32)
o, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), seq, dtype=tf.float32)
