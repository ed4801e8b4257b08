# oracle: contrib
# A small VGG-style network written with tf.contrib.slim: arg_scope for the
# defaults, slim.repeat for stacked convolutions, explicit scopes everywhere,
# and a second tower (for a validation batch) that reuses the first one.
import tensorflow as tf
import tensorflow.contrib.slim as slim


def vgg_small(inputs, num_classes=10, is_training=True, reuse=None, scope='vgg_small'):
    with tf.variable_scope(scope, 'vgg_small', [inputs], reuse=reuse) as sc:
        with slim.arg_scope([slim.conv2d, slim.fully_connected],
                            activation_fn=tf.nn.relu,
                            weights_initializer=tf.truncated_normal_initializer(0.0, 0.01),
                            weights_regularizer=slim.l2_regularizer(0.0005)):
            net = slim.repeat(inputs, 2, slim.conv2d, 8, [3, 3], scope='conv1')
            net = slim.max_pool2d(net, [2, 2], scope='pool1')
            net = slim.repeat(net, 2, slim.conv2d, 16, [3, 3], scope='conv2')
            net = slim.max_pool2d(net, [2, 2], scope='pool2')
            net = slim.flatten(net, scope='flatten')
            net = slim.fully_connected(net, 64, scope='fc6')
            net = slim.dropout(net, 0.5, is_training=is_training, scope='dropout6')
            net = slim.fully_connected(net, num_classes, activation_fn=None, scope='fc7')
        return net


train_images = tf.placeholder(tf.float32, [8, 16, 16, 3])
train_labels = tf.placeholder(tf.int32, [8])
val_images = tf.placeholder(tf.float32, [8, 16, 16, 3])

logits = vgg_small(train_images)
val_logits = vgg_small(val_images, is_training=False, reuse=True)

one_hot = slim.one_hot_encoding(train_labels, 10)
slim.losses.softmax_cross_entropy(logits, one_hot)
total_loss = slim.losses.get_total_loss()
optimizer = tf.train.GradientDescentOptimizer(0.01)
train_op = slim.learning.create_train_op(total_loss, optimizer)

model_vars = slim.get_model_variables()
names = [v.op.name for v in model_vars]
assert names[:2] == ['vgg_small/conv1/conv1_1/weights', 'vgg_small/conv1/conv1_1/biases'], names
assert len(names) == 12, names
print(names)
