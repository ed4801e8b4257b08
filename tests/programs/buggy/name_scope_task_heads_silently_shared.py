# bug: per-task heads are separated with tf.name_scope inside an AUTO_REUSE scope; get_variable ignores the name scope, so all tasks silently share one head
# expect: SCO201@15
# tf-name: model/head_w:0@15
import tensorflow as tf

TASKS = ['sentiment', 'topic', 'language']

features = tf.placeholder(tf.float32, [None, 24])
logits = {}
with tf.variable_scope('model', reuse=tf.AUTO_REUSE):
    shared_w = tf.get_variable('shared_w', [24, 24])
    hidden = tf.nn.relu(tf.matmul(features, shared_w))
    for task in TASKS:
        with tf.name_scope(task):
            head_w = tf.get_variable('head_w', [24, 3])
            logits[task] = tf.matmul(hidden, head_w)

# the author expected model/sentiment/head_w, model/topic/head_w, ...
print(sorted(v.name for v in tf.trainable_variables()))
