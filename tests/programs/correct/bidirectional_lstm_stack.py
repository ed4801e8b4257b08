# A sequence tagger with stacked bidirectional LSTMs; each layer gets its own
# scope name from the loop index, and a CRF-like transition matrix is made
# with get_variable next to the output layer.
import tensorflow as tf

NUM_LAYERS = 2
UNITS = 8
NUM_TAGS = 5

tokens = tf.placeholder(tf.float32, [None, 12, 10], name='tokens')
lengths = tf.placeholder(tf.int32, [None], name='lengths')
tags = tf.placeholder(tf.int32, [None, 12], name='tags')

outputs = tokens
for layer in range(NUM_LAYERS):
    with tf.variable_scope('bilstm_{}'.format(layer)):
        cell_fw = tf.nn.rnn_cell.LSTMCell(UNITS)
        cell_bw = tf.nn.rnn_cell.LSTMCell(UNITS)
        (out_fw, out_bw), _ = tf.nn.bidirectional_dynamic_rnn(
            cell_fw, cell_bw, outputs, sequence_length=lengths, dtype=tf.float32)
        outputs = tf.concat([out_fw, out_bw], axis=-1)

with tf.variable_scope('tagger'):
    flat = tf.reshape(outputs, [-1, 2 * UNITS])
    w = tf.get_variable('w', [2 * UNITS, NUM_TAGS])
    b = tf.get_variable('b', [NUM_TAGS], initializer=tf.zeros_initializer())
    unary = tf.reshape(tf.matmul(flat, w) + b, [-1, 12, NUM_TAGS])
    transitions = tf.get_variable('transitions', [NUM_TAGS, NUM_TAGS])

mask = tf.sequence_mask(lengths, 12, dtype=tf.float32)
xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tags, logits=unary)
loss = tf.reduce_sum(xent * mask) / tf.reduce_sum(mask) + 1e-3 * tf.reduce_sum(tf.square(transitions))
train_op = tf.train.AdamOptimizer().minimize(loss)

names = [v.name for v in tf.trainable_variables()]
assert 'bilstm_1/bidirectional_rnn/bw/lstm_cell/kernel:0' in names, names
assert len(names) == NUM_LAYERS * 4 + 3
print(names)
