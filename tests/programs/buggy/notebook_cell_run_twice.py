# bug: a notebook cell that creates variables with get_variable is executed a second time in the same kernel (simulated by repeating it)
# expect: SCO101@16
# tf: ValueError@16: Variable softmax/W already exists, disallowed.
import tensorflow as tf

# In [3]:
x = tf.placeholder(tf.float32, [None, 784])
with tf.variable_scope('softmax'):
    W = tf.get_variable('W', [784, 10], initializer=tf.zeros_initializer())
    b = tf.get_variable('b', [10], initializer=tf.zeros_initializer())
y = tf.nn.softmax(tf.matmul(x, W) + b)

# In [3]: (run again after editing something below)
x = tf.placeholder(tf.float32, [None, 784])
with tf.variable_scope('softmax'):
    W = tf.get_variable('W', [784, 10], initializer=tf.zeros_initializer())
    b = tf.get_variable('b', [10], initializer=tf.zeros_initializer())
y = tf.nn.softmax(tf.matmul(x, W) + b)
