# bug: reuse is switched on for the root scope after the eval tower, so Adam cannot create its slots; TF fails on the first variable the loss depends on (the unused temperature gets no slot)
# expect: SCO102@30
# tf: ValueError@30: Variable classifier/fc/kernel/Adam/ does not exist, or was not created with tf.get_variable().
import tensorflow as tf

N_IN, N_OUT = 6, 3


def classifier(x):
    with tf.variable_scope('classifier'):
        h = tf.layers.dense(x, 8, activation=tf.nn.relu, name='fc')
        return tf.layers.dense(h, N_OUT, name='logits')


# A distillation temperature, only used by the (not yet written) soft-label loss.
temperature = tf.get_variable('temperature', [], initializer=tf.ones_initializer())

train_x = tf.placeholder(tf.float32, [None, N_IN])
train_y = tf.placeholder(tf.int32, [None])
eval_x = tf.placeholder(tf.float32, [None, N_IN])

train_logits = classifier(train_x)
tf.get_variable_scope().reuse_variables()
eval_logits = classifier(eval_x)

loss = tf.reduce_mean(
    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=train_y, logits=train_logits)
)
# Adam makes its slots inside the reusing root scope.
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
