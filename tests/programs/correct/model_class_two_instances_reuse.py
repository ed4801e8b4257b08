# A model class instantiated twice, for training and for evaluation: the
# constructor takes a reuse flag and passes it to its variable scope.
import tensorflow as tf


class Classifier(object):
    def __init__(self, inputs, num_classes=10, is_training=True, reuse=False):
        self.inputs = inputs
        self.num_classes = num_classes
        self.is_training = is_training
        with tf.variable_scope('classifier', reuse=reuse):
            self.logits = self._build()

    def _conv(self, x, filters, name):
        with tf.variable_scope(name):
            k = tf.get_variable('kernel', [3, 3, x.shape[-1], filters])
            b = tf.get_variable('bias', [filters], initializer=tf.zeros_initializer())
            y = tf.nn.conv2d(x, k, strides=[1, 1, 1, 1], padding='SAME') + b
            return tf.nn.relu(y)

    def _build(self):
        net = self._conv(self.inputs, 8, 'conv1')
        net = tf.nn.max_pool(net, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')
        net = self._conv(net, 16, 'conv2')
        net = tf.reduce_mean(net, axis=[1, 2])
        if self.is_training:
            net = tf.nn.dropout(net, keep_prob=0.5)
        with tf.variable_scope('logits'):
            w = tf.get_variable('w', [16, self.num_classes])
            return tf.matmul(net, w)


train_images = tf.placeholder(tf.float32, [32, 12, 12, 3])
train_labels = tf.placeholder(tf.int64, [32])
eval_images = tf.placeholder(tf.float32, [None, 12, 12, 3])

train_model = Classifier(train_images, is_training=True)
eval_model = Classifier(eval_images, is_training=False, reuse=True)

loss = tf.losses.sparse_softmax_cross_entropy(train_labels, train_model.logits)
global_step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss, global_step=global_step)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(eval_model.logits, 1), train_labels[:1]), tf.float32))

assert len(tf.trainable_variables()) == 5
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print([v.name for v in tf.trainable_variables()])
