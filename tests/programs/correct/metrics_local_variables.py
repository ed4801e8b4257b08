# Streaming evaluation metrics: tf.metrics creates local variables (counters)
# under name scopes; the classifier is shared between the train and the eval
# inputs through reuse=True.
import tensorflow as tf


def classifier(x, reuse=None):
    with tf.variable_scope('clf', reuse=reuse):
        h = tf.layers.dense(x, 8, activation=tf.nn.relu, name='fc')
        return tf.layers.dense(h, 3, name='out')


train_x = tf.placeholder(tf.float32, [None, 5])
train_y = tf.placeholder(tf.int64, [None])
eval_x = tf.placeholder(tf.float32, [None, 5])
eval_y = tf.placeholder(tf.int64, [None])

train_logits = classifier(train_x)
eval_logits = classifier(eval_x, reuse=True)
loss = tf.losses.sparse_softmax_cross_entropy(train_y, train_logits)
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

eval_pred = tf.argmax(eval_logits, axis=1)
with tf.name_scope('eval_metrics'):
    acc, acc_update = tf.metrics.accuracy(eval_y, eval_pred, name='accuracy')
    mean_loss, loss_update = tf.metrics.mean(
        tf.losses.sparse_softmax_cross_entropy(eval_y, eval_logits), name='mean_loss')
update_metrics = tf.group(acc_update, loss_update)

local_names = sorted(v.name for v in tf.local_variables())
assert local_names == ['eval_metrics/accuracy/count:0', 'eval_metrics/accuracy/total:0',
                       'eval_metrics/mean_loss/count:0', 'eval_metrics/mean_loss/total:0'], local_names

with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    sess.run(update_metrics, {eval_x: [[0.0] * 5, [1.0] * 5], eval_y: [0, 1]})
    print(local_names, sess.run(acc))
