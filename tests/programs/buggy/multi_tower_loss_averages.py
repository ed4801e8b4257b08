# bug: each tower tracks a moving average of its losses (cifar10's _add_loss_summaries) inside the tower loop; after the first tower the scope reuses, and the second tower's average of its own (new) loss tensor cannot be created
# expect: SCO102@25
# tf: ValueError@38>25: Variable tower_1/cross_entropy/avg/ does not exist, or was not created with tf.get_variable().
import tensorflow as tf

N_GPUS = 2
N_IN, N_CLASSES = 10, 4


def inference(images):
    with tf.variable_scope('softmax_linear'):
        w = tf.get_variable('weights', [N_IN, N_CLASSES])
        b = tf.get_variable('biases', [N_CLASSES], initializer=tf.zeros_initializer())
        return tf.matmul(images, w) + b


def tower_loss(images, labels):
    logits = inference(images)
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    cross_entropy = tf.reduce_mean(xent, name='cross_entropy')
    weight_decay = tf.nn.l2_loss(tf.trainable_variables()[0]) * 1e-4
    total_loss = tf.add_n([cross_entropy, weight_decay], name='total_loss')
    # Moving averages of the losses, for the summaries.
    loss_averages = tf.train.ExponentialMovingAverage(0.9, name='avg')
    loss_averages.apply([cross_entropy, total_loss])
    return total_loss


images = tf.placeholder(tf.float32, [None, N_IN])
labels = tf.placeholder(tf.int32, [None])
opt = tf.train.GradientDescentOptimizer(0.1)

tower_grads = []
with tf.variable_scope(tf.get_variable_scope()):
    for i in range(N_GPUS):
        with tf.device('/cpu:0'):
            with tf.name_scope('tower_%d' % i):
                loss = tower_loss(images, labels)
                tf.get_variable_scope().reuse_variables()
                tower_grads.append(opt.compute_gradients(loss))
