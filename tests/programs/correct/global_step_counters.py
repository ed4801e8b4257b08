# Training-loop bookkeeping with tf.Variable counters: a global step, an epoch
# counter and a "best score" tracker, created with tf.Variable next to a model
# made with get_variable. Counters are never shared, so tf.Variable is right.
import tensorflow as tf

global_step = tf.Variable(0, trainable=False, name='global_step')
epoch = tf.Variable(0, trainable=False, name='epoch')
best_score = tf.Variable(-1.0, trainable=False, name='best_score')
increment_epoch = tf.assign_add(epoch, 1, name='increment_epoch')

x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None])
with tf.variable_scope('linear'):
    w = tf.get_variable('w', [3], initializer=tf.zeros_initializer())
    b = tf.get_variable('b', [], initializer=tf.zeros_initializer())
pred = tf.reduce_sum(x * w, axis=1) + b
loss = tf.reduce_mean(tf.square(pred - y))

score = tf.placeholder(tf.float32, [], name='score')
update_best = tf.assign(best_score, tf.maximum(best_score, score))

with tf.name_scope('train'):
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=global_step)

with tf.name_scope('summaries'):
    tf.summary.scalar('loss', loss)
    tf.summary.scalar('epoch', epoch)
    summary_op = tf.summary.merge_all()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(2):
        sess.run(train_op, {x: [[1.0, 2.0, 3.0]], y: [1.0]})
    sess.run(increment_epoch)
    sess.run(update_best, {score: 0.5})
    assert sess.run([global_step, epoch]) == [2, 1]
    print([v.name for v in tf.global_variables()])
