# bug: seed-004 style: conv layers are separated with tf.name_scope, but get_variable names ignore name scopes
# expect: SCO101@19
# tf: ValueError@19: Variable weights already exists, disallowed.
# expect: SCO201@13
# tf-name: weights:0@13
# expect: SCO201@15
# tf-name: biases:0@15
import tensorflow as tf

images = tf.placeholder(tf.float32, [None, 28, 28, 1])

with tf.name_scope('conv1'):
    weights = tf.get_variable('weights', [5, 5, 1, 16],
                              initializer=tf.truncated_normal_initializer(stddev=0.1))
    biases = tf.get_variable('biases', [16], initializer=tf.constant_initializer(0.1))
    conv1 = tf.nn.relu(tf.nn.conv2d(images, weights, [1, 1, 1, 1], 'SAME') + biases)

with tf.name_scope('conv2'):
    weights = tf.get_variable('weights', [5, 5, 16, 32],
                              initializer=tf.truncated_normal_initializer(stddev=0.1))
    biases = tf.get_variable('biases', [32], initializer=tf.constant_initializer(0.1))
    conv2 = tf.nn.relu(tf.nn.conv2d(conv1, weights, [1, 1, 1, 1], 'SAME') + biases)
