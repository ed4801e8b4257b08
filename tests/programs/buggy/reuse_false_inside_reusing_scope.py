# bug: the author passes reuse=False to get a private head inside the reusing tower scope; reuse=False is ignored there and the existing head is silently shared
# expect: SCO203@10
# tf-name: towers/head/w:0@21>11
import tensorflow as tf


def tower(x):
    w = tf.get_variable('w', [8, 8])
    h = tf.nn.relu(tf.matmul(x, w))
    with tf.variable_scope('head', reuse=False):  # "a new head for every tower"
        head_w = tf.get_variable('w', [8, 2])
        return tf.matmul(h, head_w)


inputs = [tf.placeholder(tf.float32, [None, 8]) for _ in range(3)]
outputs = []
with tf.variable_scope('towers') as scope:
    for i, x in enumerate(inputs):
        if i > 0:
            scope.reuse_variables()
        outputs.append(tower(x))

print([v.name for v in tf.trainable_variables()])  # only towers/w:0 and towers/head/w:0
