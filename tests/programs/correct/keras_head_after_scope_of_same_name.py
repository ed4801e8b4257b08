# A TF1 model whose feature extractor is written with variable scopes and
# whose classifier head is a tf.keras layer named like one of those scopes.
# Keras layers make their variables with tf.Variable under
# name_scope(<layer name>), which the graph uniquifies: the head's weights are
# `logits_1/kernel` (the variable scope 'logits' took `logits`). A Keras layer
# called twice keeps its weights (`proj/kernel`); the second call only takes
# the name scope `proj_1` for its ops.
import tensorflow as tf

N_IN, N_HID, N_CLASSES = 8, 6, 3

x = tf.placeholder(tf.float32, [None, N_IN])
labels = tf.placeholder(tf.int32, [None])

with tf.variable_scope('features'):
    w = tf.get_variable('w', [N_IN, N_HID])
    h = tf.nn.relu(tf.matmul(x, w))

# An auxiliary head from an older version of the model, kept for its summaries.
with tf.variable_scope('logits'):
    aux_w = tf.get_variable('aux_w', [N_HID, N_CLASSES])
    aux = tf.matmul(h, aux_w)

proj = tf.keras.layers.Dense(N_HID, activation=tf.nn.tanh, name='proj')
h1 = proj(h)
h2 = proj(h1)  # the same weights, a second name scope `proj_1`
head = tf.keras.layers.Dense(N_CLASSES, name='logits')
logits = head(h2)
extra = tf.keras.layers.Dense(N_CLASSES)
logits = logits + extra(h)

loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
names = sorted(v.name for v in tf.trainable_variables())
assert 'logits_1/kernel:0' in names and 'proj/kernel:0' in names and 'dense/kernel:0' in names, names
assert not any(n.startswith('proj_1') for n in names), names
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(names)
