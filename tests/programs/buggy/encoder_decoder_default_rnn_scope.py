# bug: encoder and decoder both call tf.nn.dynamic_rnn with new cells and the default scope 'rnn'
# expect: SCO101@15
# tf: ValueError@15: Variable rnn/basic_lstm_cell/kernel already exists, disallowed.
import tensorflow as tf

UNITS = 32

encoder_inputs = tf.placeholder(tf.float32, [None, 12, 8])
decoder_inputs = tf.placeholder(tf.float32, [None, 10, 8])

encoder_cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
encoder_outputs, encoder_state = tf.nn.dynamic_rnn(encoder_cell, encoder_inputs, dtype=tf.float32)

decoder_cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
decoder_outputs, _ = tf.nn.dynamic_rnn(decoder_cell, decoder_inputs, initial_state=encoder_state)

logits = tf.layers.dense(decoder_outputs, 20, name='projection')
