# Multi-tower training in the cifar10_multi_gpu_train style, with moving
# averages of the losses for the summaries: the towers only return their
# losses; the averages are made after the tower loop, outside the reusing
# scope, so the ExponentialMovingAverage can create its shadow variables
# (named after the loss ops: tower_0/cross_entropy/avg, ...). The model's
# weights get an average too (softmax_linear/weights/ExponentialMovingAverage).
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
    return tf.reduce_mean(xent, name='cross_entropy')


images = tf.placeholder(tf.float32, [None, N_IN])
labels = tf.placeholder(tf.int32, [None])
opt = tf.train.GradientDescentOptimizer(0.1)

losses, tower_grads = [], []
with tf.variable_scope(tf.get_variable_scope()):
    for i in range(N_GPUS):
        with tf.name_scope('tower_%d' % i):
            loss = tower_loss(images, labels)
            tf.get_variable_scope().reuse_variables()
            losses.append(loss)
            tower_grads.append(opt.compute_gradients(loss))

loss_averages = tf.train.ExponentialMovingAverage(0.9, name='avg')
loss_averages_op = loss_averages.apply(losses)
variable_averages = tf.train.ExponentialMovingAverage(0.999)
variables_averages_op = variable_averages.apply(tf.trainable_variables())

names = sorted(v.name for v in tf.global_variables())
assert 'tower_1/cross_entropy/avg:0' in names, names
assert 'softmax_linear/weights/ExponentialMovingAverage:0' in names, names
