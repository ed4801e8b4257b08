# TF2-era code running a TF1 graph: `import tensorflow.compat.v1 as tf` and
# disable_v2_behavior(), then an encoder/classifier with explicit sharing.
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def feature_extractor(x, reuse=None):
    with tf.variable_scope('features', reuse=reuse):
        w = tf.get_variable('w', [6, 12], initializer=tf.glorot_normal_initializer())
        b = tf.get_variable('b', [12], initializer=tf.zeros_initializer())
        return tf.nn.elu(tf.matmul(x, w) + b)


def classifier(h, num_classes, name):
    with tf.variable_scope(name):
        w = tf.get_variable('w', [12, num_classes])
        return tf.matmul(h, w)


labeled = tf.placeholder(tf.float32, [None, 6])
unlabeled = tf.placeholder(tf.float32, [None, 6])
labels = tf.placeholder(tf.int32, [None])

h_l = feature_extractor(labeled)
h_u = feature_extractor(unlabeled, reuse=True)
logits = classifier(h_l, 4, 'main_head')
aux_logits = classifier(h_u, 2, 'aux_head')

sup = tf.losses.sparse_softmax_cross_entropy(labels, logits)
ent = -tf.reduce_mean(tf.reduce_sum(tf.nn.softmax(aux_logits) * tf.nn.log_softmax(aux_logits), 1))
train_op = tf.train.AdamOptimizer().minimize(sup + 0.1 * ent)

names = [v.name for v in tf.trainable_variables()]
assert names == ['features/w:0', 'features/b:0', 'main_head/w:0', 'aux_head/w:0'], names
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(names)
