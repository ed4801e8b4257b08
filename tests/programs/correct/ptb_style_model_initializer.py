# PTB language-model layout: one model class, a "Train" instance built in
# variable_scope('Model', reuse=None, initializer=...) and "Valid"/"Test"
# instances built in variable_scope('Model', reuse=True). Only the training
# instance builds an optimizer (plain SGD, which makes no slot variables).
import tensorflow as tf


class Config(object):
    init_scale = 0.1
    num_layers = 2
    hidden_size = 16
    vocab_size = 50
    batch_size = 4
    num_steps = 5
    max_grad_norm = 5


class PTBModel(object):
    def __init__(self, is_training, config):
        batch_size, num_steps = config.batch_size, config.num_steps
        size, vocab_size = config.hidden_size, config.vocab_size
        self.input_data = tf.placeholder(tf.int32, [batch_size, num_steps])
        self.targets = tf.placeholder(tf.int32, [batch_size, num_steps])

        def make_cell():
            cell = tf.nn.rnn_cell.LSTMCell(size, forget_bias=0.0,
                                           reuse=tf.get_variable_scope().reuse)
            if is_training:
                cell = tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=0.5)
            return cell

        cell = tf.nn.rnn_cell.MultiRNNCell([make_cell() for _ in range(config.num_layers)])
        self.initial_state = cell.zero_state(batch_size, tf.float32)
        with tf.device('/cpu:0'):
            embedding = tf.get_variable('embedding', [vocab_size, size], dtype=tf.float32)
            inputs = tf.nn.embedding_lookup(embedding, self.input_data)
        outputs, self.final_state = tf.nn.dynamic_rnn(cell, inputs, initial_state=self.initial_state)
        output = tf.reshape(outputs, [-1, size])
        softmax_w = tf.get_variable('softmax_w', [size, vocab_size], dtype=tf.float32)
        softmax_b = tf.get_variable('softmax_b', [vocab_size], dtype=tf.float32)
        logits = tf.matmul(output, softmax_w) + softmax_b
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.reshape(self.targets, [-1]), logits=logits)
        self.cost = tf.reduce_sum(loss) / batch_size
        if not is_training:
            return
        self.lr = tf.Variable(0.0, trainable=False)
        tvars = tf.trainable_variables()
        grads, _ = tf.clip_by_global_norm(tf.gradients(self.cost, tvars), config.max_grad_norm)
        optimizer = tf.train.GradientDescentOptimizer(self.lr)
        self.train_op = optimizer.apply_gradients(
            zip(grads, tvars), global_step=tf.train.get_or_create_global_step())


config = Config()
eval_config = Config()
eval_config.batch_size = 1
eval_config.num_steps = 1

initializer = tf.random_uniform_initializer(-config.init_scale, config.init_scale)
with tf.name_scope('Train'):
    with tf.variable_scope('Model', reuse=None, initializer=initializer):
        m = PTBModel(is_training=True, config=config)
with tf.name_scope('Valid'):
    with tf.variable_scope('Model', reuse=True, initializer=initializer):
        mvalid = PTBModel(is_training=False, config=config)
with tf.name_scope('Test'):
    with tf.variable_scope('Model', reuse=True, initializer=initializer):
        mtest = PTBModel(is_training=False, config=eval_config)

names = [v.name for v in tf.trainable_variables()]
assert names[0] == 'Model/embedding:0' and len(names) == 7, names
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(names)
