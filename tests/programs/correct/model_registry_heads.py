# Heads registered by a decorator into a dict and built through it from a
# config; each output gets its own variable scope named after the output, so
# two outputs with the same head type do not collide. A list of summary hooks
# registered the same way runs after the model (no variables).
import tensorflow as tf

HEADS = {}
HOOKS = []


def register_head(name):
    def decorator(fn):
        HEADS[name] = fn
        return fn
    return decorator


def hook(fn):
    HOOKS.append(fn)
    return fn


@register_head('softmax')
def softmax_head(features, n_classes):
    return tf.layers.dense(features, n_classes, name='logits')


@register_head('sigmoid')
def sigmoid_head(features, n_classes):
    return tf.nn.sigmoid(tf.layers.dense(features, n_classes, name='logits'))


@hook
def mean_activation(outputs):
    return {name: tf.reduce_mean(out) for name, out in outputs.items()}


CONFIG = {'outputs': [('topic', 'softmax', 5), ('spam', 'sigmoid', 1), ('language', 'softmax', 3)]}

x = tf.placeholder(tf.float32, [None, 16])
with tf.variable_scope('trunk'):
    features = tf.layers.dense(x, 8, activation=tf.nn.relu, name='fc')

outputs = {}
for output_name, head_type, n_classes in CONFIG['outputs']:
    with tf.variable_scope(output_name):
        outputs[output_name] = HEADS[head_type](features, n_classes)
summaries = [h(outputs) for h in HOOKS]

names = sorted(v.name for v in tf.trainable_variables())
assert names == ['language/logits/bias:0', 'language/logits/kernel:0', 'spam/logits/bias:0',
                 'spam/logits/kernel:0', 'topic/logits/bias:0', 'topic/logits/kernel:0',
                 'trunk/fc/bias:0', 'trunk/fc/kernel:0'], names
