# bug: two LSTM layers are stacked by calling dynamic_rnn twice inside one variable scope without distinct scope names
# expect: SCO101@13
# tf: ValueError@13: Variable encoder/rnn/lstm_cell/kernel already exists, disallowed.
import tensorflow as tf

inputs = tf.placeholder(tf.float32, [None, 15, 6])
lengths = tf.placeholder(tf.int32, [None])

with tf.variable_scope('encoder'):
    layer1_cell = tf.nn.rnn_cell.LSTMCell(24)
    out1, _ = tf.nn.dynamic_rnn(layer1_cell, inputs, sequence_length=lengths, dtype=tf.float32)
    layer2_cell = tf.nn.rnn_cell.LSTMCell(24)
    out2, state = tf.nn.dynamic_rnn(layer2_cell, out1, sequence_length=lengths, dtype=tf.float32)

logits = tf.layers.dense(state.h, 2)
