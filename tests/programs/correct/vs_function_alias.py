# Aliases for the scope function: `vs = tf.variable_scope` as a short name,
# and the fully spelled tf.compat.v1.variable_scope / get_variable.
import tensorflow as tf

vs = tf.variable_scope
get_var = tf.get_variable


def highway(x, name, reuse=None):
    size = x.shape[-1]
    with vs(name, reuse=reuse):
        w_h = get_var('w_h', [size, size])
        w_t = get_var('w_t', [size, size])
        b_t = get_var('b_t', [size], initializer=tf.constant_initializer(-1.0))
        h = tf.nn.relu(tf.matmul(x, w_h))
        t = tf.sigmoid(tf.matmul(x, w_t) + b_t)
        return t * h + (1.0 - t) * x


x = tf.placeholder(tf.float32, [None, 16])
y = x
for i in range(2):
    y = highway(y, 'highway_%d' % i)
y_again = highway(x, 'highway_0', reuse=True)

with tf.compat.v1.variable_scope('proj'):
    w = tf.compat.v1.get_variable('w', [16, 4])
with tf.compat.v1.variable_scope('proj', reuse=True):
    w2 = tf.compat.v1.get_variable('w', [16, 4])
assert w is w2
out = tf.matmul(y, w)

assert len(tf.trainable_variables()) == 7
print([v.name for v in tf.trainable_variables()])
