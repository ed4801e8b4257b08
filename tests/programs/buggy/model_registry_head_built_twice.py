# bug: heads are registered by a decorator into a dict and built through it; the config lists the 'softmax' head for two outputs, and the head's fixed scope collides on the second build
# expect: SCO101@19
# tf: ValueError@38>19: Variable head_softmax/logits/kernel already exists, disallowed.
import tensorflow as tf

HEADS = {}


def register_head(name):
    def decorator(fn):
        HEADS[name] = fn
        return fn
    return decorator


@register_head('softmax')
def softmax_head(features, n_classes):
    with tf.variable_scope('head_softmax'):
        return tf.layers.dense(features, n_classes, name='logits')


@register_head('sigmoid')
def sigmoid_head(features, n_classes):
    with tf.variable_scope('head_sigmoid'):
        return tf.nn.sigmoid(tf.layers.dense(features, n_classes, name='logits'))


CONFIG = {'outputs': [('topic', 'softmax', 5), ('spam', 'sigmoid', 1), ('language', 'softmax', 3)]}

x = tf.placeholder(tf.float32, [None, 16])
with tf.variable_scope('trunk'):
    features = tf.layers.dense(x, 8, activation=tf.nn.relu, name='fc')

outputs = {}
for output_name, head_type, n_classes in CONFIG['outputs']:
    build_head = HEADS[head_type]
    # Every output of the same head type opens the same fixed scope.
    outputs[output_name] = build_head(features, n_classes)
