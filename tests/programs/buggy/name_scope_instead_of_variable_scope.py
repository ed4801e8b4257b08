# bug: the layer helper opens tf.name_scope(name), which get_variable ignores, so two layers ask for the same variable 'weights'
# expect: SCO101@20
# tf: ValueError@20>13: Variable weights already exists, disallowed.
# expect: SCO201@13
# tf-name: weights:0@13
# expect: SCO201@14
# tf-name: biases:0@14
import tensorflow as tf


def fc_layer(x, units, name):
    with tf.name_scope(name):
        w = tf.get_variable('weights', [x.shape[-1], units])
        b = tf.get_variable('biases', [units], initializer=tf.zeros_initializer())
        return tf.nn.relu(tf.matmul(x, w) + b)


x = tf.placeholder(tf.float32, [None, 20])
h1 = fc_layer(x, 32, 'fc1')
h2 = fc_layer(h1, 16, 'fc2')
logits = fc_layer(h2, 3, 'fc3')
