# Library-style code that imports the variable_scope module directly
# (`from tensorflow.python.ops import variable_scope as vs`), as TF's own
# layers did, and builds a gated linear unit shared by two inputs.
import tensorflow as tf
from tensorflow.python.ops import variable_scope as vs


def glu(x, units, scope=None, reuse=None):
    with vs.variable_scope(scope, default_name='glu', values=[x], reuse=reuse):
        w = vs.get_variable('w', [x.shape[-1], 2 * units])
        b = vs.get_variable('b', [2 * units], initializer=tf.zeros_initializer())
        a, g = tf.split(tf.matmul(x, w) + b, 2, axis=1)
        return a * tf.sigmoid(g)


x1 = tf.placeholder(tf.float32, [None, 10])
x2 = tf.placeholder(tf.float32, [None, 10])

h1 = glu(x1, 8, scope='shared_glu')
h2 = glu(x2, 8, scope='shared_glu', reuse=True)
u1 = glu(h1, 4)
u2 = glu(h2, 4)

with vs.variable_scope('output', reuse=vs.AUTO_REUSE):
    w_out = vs.get_variable('w', [4, 1])
    w_out_again = vs.get_variable('w', [4, 1])
assert w_out is w_out_again

names = [v.name for v in tf.global_variables()]
assert names == ['shared_glu/w:0', 'shared_glu/b:0', 'glu/w:0', 'glu/b:0',
                 'glu_1/w:0', 'glu_1/b:0', 'output/w:0'], names
print(names)
