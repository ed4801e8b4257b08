# Shows: tf.name_scope prefixes tf.Variable names, so two name scopes keep
# same-named tf.Variables apart (conv1/weights vs conv2/weights).
# Seed: 001 (huangyongye notebook, In [2] and In [3]; Python 2 prints made Python 3).
# TF: creates conv1/weights:0, conv1/bias:0, conv2/weights:0, conv2/bias:0.
# names: conv1/weights:0@15 conv1/bias:0@16 conv2/weights:0@20 conv2/bias:0@21
import tensorflow as tf

# In [2]: let the GPU allocate memory on demand
config = tf.ConfigProto()
config.gpu_options.allow_growth = True
sess = tf.Session(config=config)

# In [3]
with tf.name_scope('conv1') as scope:
    weights1 = tf.Variable([1.0, 2.0], name='weights')
    bias1 = tf.Variable([0.3], name='bias')

# the same variable names in another name scope
with tf.name_scope('conv2') as scope:
    weights2 = tf.Variable([4.0, 2.0], name='weights')
    bias2 = tf.Variable([0.33], name='bias')

print(weights1.name)  # conv1/weights:0
print(weights2.name)  # conv2/weights:0
sess.close()
