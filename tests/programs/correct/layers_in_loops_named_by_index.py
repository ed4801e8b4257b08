# A deep MLP and a small conv stack whose layers are named by their index in
# three common ways: '%' formatting, str.format and f-strings.
import tensorflow as tf

HIDDEN = [64, 32, 16]


def mlp(x):
    h = x
    for i, units in enumerate(HIDDEN):
        with tf.variable_scope('layer%d' % i):
            w = tf.get_variable('w', [h.shape[-1], units])
            b = tf.get_variable('b', [units], initializer=tf.zeros_initializer())
            h = tf.nn.relu(tf.matmul(h, w) + b)
    return h


def conv_stack(images, depth=3):
    net = images
    for i in range(depth):
        net = tf.layers.conv2d(net, 8 * (i + 1), 3, padding='same',
                               activation=tf.nn.relu, name='conv_{}'.format(i))
        net = tf.layers.max_pooling2d(net, 2, 2, name='pool_{}'.format(i))
    return tf.layers.flatten(net)


def heads(features, tasks):
    outputs = {}
    for task, n_classes in tasks.items():
        with tf.variable_scope(f'head_{task}'):
            hidden = tf.layers.dense(features, 16, activation=tf.nn.relu)
            outputs[task] = tf.layers.dense(hidden, n_classes)
    return outputs


x = tf.placeholder(tf.float32, [None, 20])
images = tf.placeholder(tf.float32, [None, 16, 16, 3])

with tf.variable_scope('mlp'):
    features = mlp(x)
with tf.variable_scope('cnn'):
    conv_features = conv_stack(images)

outputs = heads(tf.concat([features, conv_features], axis=1), {'age': 5, 'gender': 2, 'mood': 3})

names = [v.name for v in tf.global_variables()]
assert 'mlp/layer2/w:0' in names
assert 'cnn/conv_2/kernel:0' in names
assert 'head_mood/dense_1/bias:0' in names
print(len(names))
