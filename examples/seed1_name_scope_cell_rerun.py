# Shows: running the name_scope cell a second time in the same graph (as a
# notebook does) opens new name scopes conv1_1/ and conv2_1/; tf.Variable
# never fails, it just gets new names.
# Seed: 001 (huangyongye notebook, In [3] followed by In [4]).
# TF: creates conv1/weights:0, conv1/bias:0, conv2/weights:0, conv2/bias:0,
# then conv1_1/weights:0, conv1_1/bias:0, conv2_1/weights:0, conv2_1/bias:0.
# names: conv1/weights:0@13 conv1/bias:0@14 conv2/weights:0@17 conv2/bias:0@18 conv1_1/weights:0@25
# names: conv1_1/bias:0@26 conv2_1/weights:0@29 conv2_1/bias:0@30
import tensorflow as tf

# In [3]
with tf.name_scope('conv1') as scope:
    weights1 = tf.Variable([1.0, 2.0], name='weights')
    bias1 = tf.Variable([0.3], name='bias')

with tf.name_scope('conv2') as scope:
    weights2 = tf.Variable([4.0, 2.0], name='weights')
    bias2 = tf.Variable([0.33], name='bias')

print(weights1.name)  # conv1/weights:0
print(weights2.name)  # conv2/weights:0

# In [4]: the same code run again
with tf.name_scope('conv1') as scope:
    weights1 = tf.Variable([1.0, 2.0], name='weights')
    bias1 = tf.Variable([0.3], name='bias')

with tf.name_scope('conv2') as scope:
    weights2 = tf.Variable([4.0, 2.0], name='weights')
    bias2 = tf.Variable([0.33], name='bias')

print(weights1.name)  # conv1_1/weights:0
print(weights2.name)  # conv2_1/weights:0
