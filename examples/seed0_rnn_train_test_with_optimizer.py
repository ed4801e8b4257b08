# Shows: the same train/test RNN sharing, with the training op built inside
# the RNN class (AdamOptimizer().minimize()) as in the tutorial's full code.
# It still works: the test RNN's minimize() runs in the reusing scope and finds
# the Adam slots the train RNN made (same primary variables, same slot keys),
# so both optimizers silently share the m/v slots; only the beta powers are
# new (rnn/train_1/beta1_power, made by tf.Variable, which ignores reuse).
# Seed: 000 (MorvanZhou, RNN example; the class is a stand-in for the tutorial's).
# TF: creates the six model variables, rnn/train/beta{1,2}_power:0, twelve
# rnn/rnn/.../Adam{,_1}:0 slots, then rnn/train_1/beta{1,2}_power:0; no error.
# names: rnn/input_layer/weights:0@76>49>56 rnn/input_layer/biases:0@76>49>57
# names: rnn/rnn/basic_lstm_cell/kernel:0@76>49>60 rnn/rnn/basic_lstm_cell/bias:0@76>49>60
# names: rnn/output_layer/weights:0@76>49>62 rnn/output_layer/biases:0@76>49>63
# names: rnn/train/beta1_power:0@76>49>68 rnn/train/beta2_power:0@76>49>68
# names: rnn/rnn/input_layer/weights/Adam:0@76>49>68 rnn/rnn/input_layer/weights/Adam_1:0@76>49>68
# names: rnn/rnn/input_layer/biases/Adam:0@76>49>68 rnn/rnn/input_layer/biases/Adam_1:0@76>49>68
# names: rnn/rnn/rnn/basic_lstm_cell/kernel/Adam:0@76>49>68
# names: rnn/rnn/rnn/basic_lstm_cell/kernel/Adam_1:0@76>49>68
# names: rnn/rnn/rnn/basic_lstm_cell/bias/Adam:0@76>49>68
# names: rnn/rnn/rnn/basic_lstm_cell/bias/Adam_1:0@76>49>68
# names: rnn/rnn/output_layer/weights/Adam:0@76>49>68 rnn/rnn/output_layer/weights/Adam_1:0@76>49>68
# names: rnn/rnn/output_layer/biases/Adam:0@76>49>68 rnn/rnn/output_layer/biases/Adam_1:0@76>49>68
# names: rnn/train_1/beta1_power:0@78>49>68 rnn/train_1/beta2_power:0@78>49>68
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
    """Stand-in for the tutorial's RNN class, including its training op."""

    def __init__(self, config):
        self._batch_size = config.batch_size
        self._time_steps = config.time_steps
        self._input_size = config.input_size
        self._output_size = config.output_size
        self._cell_size = config.cell_size
        self._lr = config.learning_rate
        self._build_rnn()

    def _build_rnn(self):
        self.xs = tf.placeholder(tf.float32, [None, self._time_steps, self._input_size], name='xs')
        self.ys = tf.placeholder(tf.float32, [None, self._time_steps, self._output_size], name='ys')
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
            pred = tf.matmul(tf.reshape(outputs, [-1, self._cell_size]), wo) + bo
        with tf.name_scope('cost'):
            self.cost = tf.reduce_mean(tf.square(pred - tf.reshape(self.ys, [-1, self._output_size])))
        with tf.name_scope('train'):
            self.train_op = tf.train.AdamOptimizer(self._lr).minimize(self.cost)


train_config = TrainConfig()
test_config = TestConfig()

with tf.variable_scope('rnn') as scope:
    sess = tf.Session()
    train_rnn = RNN(train_config)
    scope.reuse_variables()
    test_rnn = RNN(test_config)
    sess.run(tf.global_variables_initializer())
