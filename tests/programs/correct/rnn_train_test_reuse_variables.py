# Char-RNN style model: a training graph with long sequences and a sampling
# graph with one step at a time share the same weights. Both are built in
# variable_scope('model'); scope.reuse_variables() separates them.
import tensorflow as tf


class CharRNN(object):
    def __init__(self, batch_size, num_steps, vocab_size=30, hidden=32, training=True):
        self.inputs = tf.placeholder(tf.int32, [batch_size, num_steps])
        embedding = tf.get_variable('embedding', [vocab_size, hidden])
        emb = tf.nn.embedding_lookup(embedding, self.inputs)
        if training:
            emb = tf.nn.dropout(emb, keep_prob=0.8)
        cells = [tf.nn.rnn_cell.LSTMCell(hidden) for _ in range(2)]
        cell = tf.nn.rnn_cell.MultiRNNCell(cells)
        self.initial_state = cell.zero_state(batch_size, tf.float32)
        outputs, self.final_state = tf.nn.dynamic_rnn(
            cell, emb, initial_state=self.initial_state, scope='lstm')
        flat = tf.reshape(outputs, [-1, hidden])
        with tf.variable_scope('softmax'):
            w = tf.get_variable('w', [hidden, vocab_size])
            b = tf.get_variable('b', [vocab_size], initializer=tf.zeros_initializer())
        self.logits = tf.matmul(flat, w) + b
        self.probs = tf.nn.softmax(self.logits)


with tf.variable_scope('model') as scope:
    train_model = CharRNN(batch_size=16, num_steps=20)
    scope.reuse_variables()
    sample_model = CharRNN(batch_size=1, num_steps=1, training=False)

targets = tf.placeholder(tf.int32, [16, 20])
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=tf.reshape(targets, [-1]), logits=train_model.logits))
tvars = tf.trainable_variables()
grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars), 5.0)
train_op = tf.train.AdamOptimizer(2e-3).apply_gradients(zip(grads, tvars))

assert len(tvars) == 7, [v.name for v in tvars]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print([v.name for v in tvars])
