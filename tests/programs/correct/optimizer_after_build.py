# Logistic regression trained with Adam: the model is built first (with
# variable scopes and sharing for the test branch), then the optimizer is
# created at top level, where its slots and beta powers can be made.
import tensorflow as tf

FEATURES = 12


def logistic(x, reuse=None):
    with tf.variable_scope('logistic', reuse=reuse):
        w = tf.get_variable('w', [FEATURES, 1], initializer=tf.zeros_initializer())
        b = tf.get_variable('b', [1], initializer=tf.zeros_initializer())
        return tf.matmul(x, w) + b


x_train = tf.placeholder(tf.float32, [None, FEATURES])
y_train = tf.placeholder(tf.float32, [None, 1])
x_test = tf.placeholder(tf.float32, [None, FEATURES])

train_logits = logistic(x_train)
test_probs = tf.sigmoid(logistic(x_test, reuse=True))

loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y_train, logits=train_logits))
global_step = tf.Variable(0, trainable=False, name='global_step')
learning_rate = tf.train.exponential_decay(0.1, global_step, 100, 0.96, staircase=True)
optimizer = tf.train.AdamOptimizer(learning_rate)
train_op = optimizer.minimize(loss, global_step=global_step)

slot_names = sorted(optimizer.get_slot(v, 'm').op.name for v in tf.trainable_variables())
assert slot_names == ['logistic/b/Adam', 'logistic/w/Adam'], slot_names

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    before = sess.run(global_step)
    sess.run(train_op, feed_dict={x_train: [[0.0] * FEATURES], y_train: [[1.0]]})
    after = sess.run(global_step)
    assert (before, after) == (0, 1)
    print(sorted(v.name for v in tf.global_variables()))
