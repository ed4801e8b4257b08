# Train and eval graphs built side by side, each in its own tf.Graph; each
# graph has its own variable store, so the same builder runs in both without
# any reuse flag.
import tensorflow as tf


def build(inputs, is_training):
    with tf.variable_scope('net'):
        h = tf.layers.dense(inputs, 32, activation=tf.nn.relu, name='fc1')
        if is_training:
            h = tf.layers.dropout(h, rate=0.5, training=True)
        return tf.layers.dense(h, 4, name='fc2')


train_graph = tf.Graph()
with train_graph.as_default():
    x = tf.placeholder(tf.float32, [None, 8])
    labels = tf.placeholder(tf.int32, [None])
    logits = build(x, is_training=True)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    train_op = tf.train.AdamOptimizer().minimize(loss)
    train_saver = tf.train.Saver(tf.trainable_variables())
    train_init = tf.global_variables_initializer()

eval_graph = tf.Graph()
with eval_graph.as_default():
    x_eval = tf.placeholder(tf.float32, [None, 8])
    eval_logits = build(x_eval, is_training=False)
    eval_saver = tf.train.Saver()
    eval_init = tf.global_variables_initializer()

with train_graph.as_default():
    train_names = [v.name for v in tf.trainable_variables()]
with eval_graph.as_default():
    eval_names = [v.name for v in tf.trainable_variables()]
assert train_names == eval_names == ['net/fc1/kernel:0', 'net/fc1/bias:0',
                                     'net/fc2/kernel:0', 'net/fc2/bias:0']

with tf.Session(graph=train_graph) as sess:
    sess.run(train_init)
with tf.Session(graph=eval_graph) as sess:
    sess.run(eval_init)
print(train_names)
