# TF: creates net/enc/basic_lstm_cell/kernel:0 and .../bias:0 at line 5, reuses both at line 7; no error.
import tensorflow as tf
seq = tf.placeholder(tf.float32, [None, 5, 4])
with tf.variable_scope('net'):
    o, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), seq, dtype=tf.float32, scope='enc')
with tf.variable_scope('net', reuse=True):
    o, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), seq, dtype=tf.float32, scope='enc')
