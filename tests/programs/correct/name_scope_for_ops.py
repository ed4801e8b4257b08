# name_scope used the way it is meant to be: grouping ops (preprocessing,
# loss, metrics) for TensorBoard. All variables come from variable scopes.
import tensorflow as tf

images = tf.placeholder(tf.uint8, [None, 8, 8, 3], name='images')
labels = tf.placeholder(tf.int64, [None], name='labels')

with tf.name_scope('preprocess'):
    x = tf.cast(images, tf.float32) / 255.0
    x = (x - 0.5) * 2.0
    x = tf.reshape(x, [-1, 8 * 8 * 3])

with tf.variable_scope('model'):
    with tf.variable_scope('hidden'):
        w1 = tf.get_variable('w', [8 * 8 * 3, 32])
        b1 = tf.get_variable('b', [32], initializer=tf.zeros_initializer())
        h = tf.nn.relu(tf.matmul(x, w1) + b1)
    with tf.variable_scope('out'):
        w2 = tf.get_variable('w', [32, 5])
        b2 = tf.get_variable('b', [5], initializer=tf.zeros_initializer())
        logits = tf.matmul(h, w2) + b2

with tf.name_scope('loss'):
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    loss = tf.reduce_mean(xent, name='mean_xent')
    l2 = tf.add_n([tf.nn.l2_loss(w1), tf.nn.l2_loss(w2)], name='l2')
    total = tf.add(loss, 1e-4 * l2, name='total')

with tf.name_scope('metrics'):
    correct = tf.equal(tf.argmax(logits, 1), labels)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32), name='accuracy')

with tf.name_scope('train'):
    train_op = tf.train.AdamOptimizer(1e-3).minimize(total)

assert total.op.name == 'loss/total'
assert accuracy.op.name == 'metrics/accuracy'
assert w1.name == 'model/hidden/w:0'
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(total.name, accuracy.name)
