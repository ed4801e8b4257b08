# Shows: a training RNN and a test RNN with different time_steps share all
# weights: both are built in variable_scope('rnn'), with scope.reuse_variables()
# between them. The tutorial's RNN class is not shown; this one is a minimal
# stand-in (get_variable input/output layers around a BasicLSTMCell).
# Seed: 000 (MorvanZhou, RNN example); seed 001 section 3 shows the same code.
# TF: creates rnn/input_layer/weights:0, rnn/input_layer/biases:0,
# rnn/rnn/basic_lstm_cell/kernel:0, rnn/rnn/basic_lstm_cell/bias:0,
# rnn/output_layer/weights:0, rnn/output_layer/biases:0 once; test_rnn reuses them.
# names: rnn/input_layer/weights:0@59>37>43 rnn/input_layer/biases:0@59>37>44
# names: rnn/rnn/basic_lstm_cell/kernel:0@59>37>47 rnn/rnn/basic_lstm_cell/bias:0@59>37>47
# names: rnn/output_layer/weights:0@59>37>49 rnn/output_layer/biases:0@59>37>50
import tensorflow as tf


class TrainConfig:
    batch_size = 20
    time_steps = 20
    input_size = 10
    output_size = 2
    cell_size = 11
    learning_rate = 0.01


class TestConfig(TrainConfig):
    time_steps = 1


class RNN(object):
    """Minimal stand-in for the tutorial's RNN class."""

    def __init__(self, config):
        self._batch_size = config.batch_size
        self._time_steps = config.time_steps
        self._input_size = config.input_size
        self._output_size = config.output_size
        self._cell_size = config.cell_size
        self._build_rnn()

    def _build_rnn(self):
        self.xs = tf.placeholder(tf.float32, [None, self._time_steps, self._input_size], name='xs')
        with tf.variable_scope('input_layer'):
            l_in_x = tf.reshape(self.xs, [-1, self._input_size])
            wi = tf.get_variable('weights', [self._input_size, self._cell_size])
            bi = tf.get_variable('biases', [self._cell_size], initializer=tf.zeros_initializer())
            l_in_y = tf.reshape(tf.matmul(l_in_x, wi) + bi, [-1, self._time_steps, self._cell_size])
        cell = tf.nn.rnn_cell.BasicLSTMCell(self._cell_size)
        outputs, _ = tf.nn.dynamic_rnn(cell, l_in_y, dtype=tf.float32)
        with tf.variable_scope('output_layer'):
            wo = tf.get_variable('weights', [self._cell_size, self._output_size])
            bo = tf.get_variable('biases', [self._output_size], initializer=tf.zeros_initializer())
            self.pred = tf.matmul(tf.reshape(outputs, [-1, self._cell_size]), wo) + bo


train_config = TrainConfig()
test_config = TestConfig()

with tf.variable_scope('rnn') as scope:
    sess = tf.Session()
    train_rnn = RNN(train_config)
    scope.reuse_variables()
    test_rnn = RNN(test_config)
    sess.run(tf.global_variables_initializer())
sess.close()
print([v.name for v in tf.global_variables()])
