# bug: the bias is a tf.Variable, so the reuse=True call makes a second, unshared bias (model_1/b) instead of reusing model/b
# expect: SCO202@17
# tf-name: model_1/b:0@17>10
import tensorflow as tf


def model(x, reuse=None):
    with tf.variable_scope('model', reuse=reuse):
        w = tf.get_variable('w', [6, 2])
        b = tf.Variable(tf.zeros([2]), name='b')
        return tf.matmul(x, w) + b


train_x = tf.placeholder(tf.float32, [None, 6])
test_x = tf.placeholder(tf.float32, [None, 6])
train_logits = model(train_x)
test_logits = model(test_x, reuse=True)

print([v.name for v in tf.trainable_variables()])  # model/w:0 model/b:0 model_1/b:0
