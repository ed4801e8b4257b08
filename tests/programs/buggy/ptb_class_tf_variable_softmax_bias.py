# bug: the language model class makes its softmax bias with tf.Variable; the reuse=True test model silently gets a fresh, untrained bias
# expect: SCO202@25
# tf-name: Test/Model/softmax_b:0@25>15
import tensorflow as tf


class LanguageModel(object):
    def __init__(self, batch_size, num_steps, vocab_size=40, size=16):
        self.inputs = tf.placeholder(tf.int32, [batch_size, num_steps])
        embedding = tf.get_variable('embedding', [vocab_size, size])
        emb = tf.nn.embedding_lookup(embedding, self.inputs)
        cell = tf.nn.rnn_cell.GRUCell(size)
        outputs, _ = tf.nn.dynamic_rnn(cell, emb, dtype=tf.float32)
        softmax_w = tf.get_variable('softmax_w', [size, vocab_size])
        softmax_b = tf.Variable(tf.zeros([vocab_size]), name='softmax_b')
        self.logits = tf.matmul(tf.reshape(outputs, [-1, size]), softmax_w) + softmax_b


initializer = tf.random_uniform_initializer(-0.1, 0.1)
with tf.name_scope('Train'):
    with tf.variable_scope('Model', reuse=None, initializer=initializer):
        train_model = LanguageModel(batch_size=8, num_steps=10)
with tf.name_scope('Test'):
    with tf.variable_scope('Model', reuse=True, initializer=initializer):
        test_model = LanguageModel(batch_size=1, num_steps=1)
