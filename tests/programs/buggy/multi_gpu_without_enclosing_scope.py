# bug: multi-tower code calls tf.get_variable_scope().reuse_variables() without an enclosing variable_scope, so apply_gradients cannot create Momentum slots
# expect: SCO102@32
# tf: ValueError@32: Variable conv1/weights/Momentum/ does not exist, or was not created with tf.get_variable().
import tensorflow as tf

NUM_TOWERS = 2


def inference(images):
    with tf.variable_scope('conv1'):
        kernel = tf.get_variable('weights', [3, 3, 3, 8])
        conv = tf.nn.relu(tf.nn.conv2d(images, kernel, [1, 1, 1, 1], 'SAME'))
    with tf.variable_scope('softmax_linear'):
        flat = tf.reduce_mean(conv, axis=[1, 2])
        w = tf.get_variable('weights', [8, 10])
        return tf.matmul(flat, w)


images = tf.random_uniform([NUM_TOWERS * 4, 8, 8, 3])
labels = tf.random_uniform([NUM_TOWERS * 4], maxval=10, dtype=tf.int32)
opt = tf.train.MomentumOptimizer(0.1, momentum=0.9)

tower_grads = []
for i in range(NUM_TOWERS):
    with tf.name_scope('tower_%d' % i):
        logits = inference(images[i * 4:(i + 1) * 4])
        loss = tf.losses.sparse_softmax_cross_entropy(labels[i * 4:(i + 1) * 4], logits)
        tf.get_variable_scope().reuse_variables()
        tower_grads.append(opt.compute_gradients(loss))

avg = [(tf.add_n([g for g, _ in gv]) / NUM_TOWERS, gv[0][1]) for gv in zip(*tower_grads)]
train_op = opt.apply_gradients(avg)
