# Multi-GPU data parallelism in the style of the cifar10_multi_gpu_train
# example: every tower builds the same model; after the first tower the
# current variable scope (the enclosing copy of the root scope) is switched to
# reuse. Gradients are averaged and applied outside, where the optimizer can
# create its slot variables.
import tensorflow as tf

NUM_GPUS = 2
BATCH = 4


def inference(images):
    with tf.variable_scope('conv1'):
        kernel = tf.get_variable('weights', [3, 3, 3, 8],
                                 initializer=tf.truncated_normal_initializer(stddev=5e-2))
        biases = tf.get_variable('biases', [8], initializer=tf.constant_initializer(0.0))
        conv = tf.nn.relu(tf.nn.conv2d(images, kernel, [1, 1, 1, 1], padding='SAME') + biases)
    pool = tf.nn.max_pool(conv, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
    with tf.variable_scope('local'):
        flat = tf.reshape(pool, [BATCH, -1])
        weights = tf.get_variable('weights', [flat.get_shape()[1], 10],
                                  initializer=tf.truncated_normal_initializer(stddev=0.04))
        biases = tf.get_variable('biases', [10], initializer=tf.constant_initializer(0.1))
        return tf.matmul(flat, weights) + biases


def tower_loss(images, labels):
    logits = inference(images)
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return tf.reduce_mean(xent, name='cross_entropy')


def average_gradients(tower_grads):
    average_grads = []
    for grad_and_vars in zip(*tower_grads):
        grads = [tf.expand_dims(g, 0) for g, _ in grad_and_vars]
        grad = tf.reduce_mean(tf.concat(grads, 0), 0)
        average_grads.append((grad, grad_and_vars[0][1]))
    return average_grads


global_step = tf.get_variable('global_step', [], initializer=tf.constant_initializer(0),
                              trainable=False, dtype=tf.int32)
opt = tf.train.MomentumOptimizer(0.1, 0.9)
images = tf.random_uniform([NUM_GPUS * BATCH, 8, 8, 3])
labels = tf.random_uniform([NUM_GPUS * BATCH], maxval=10, dtype=tf.int32)
image_splits = tf.split(images, NUM_GPUS)
label_splits = tf.split(labels, NUM_GPUS)

tower_grads = []
with tf.variable_scope(tf.get_variable_scope()):
    for i in range(NUM_GPUS):
        with tf.device('/cpu:0'):
            with tf.name_scope('tower_%d' % i) as scope:
                loss = tower_loss(image_splits[i], label_splits[i])
                # Reuse variables for the next tower.
                tf.get_variable_scope().reuse_variables()
                grads = opt.compute_gradients(loss)
                tower_grads.append(grads)

grads = average_gradients(tower_grads)
apply_gradient_op = opt.apply_gradients(grads, global_step=global_step)

assert len(tf.trainable_variables()) == 4
with tf.Session(config=tf.ConfigProto(allow_soft_placement=True)) as sess:
    sess.run(tf.global_variables_initializer())
    print(sorted(v.name for v in tf.global_variables()))
