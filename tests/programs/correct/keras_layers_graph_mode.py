# tf.keras layers used inside a TF1 graph: layer objects are created once and
# called on two inputs, which shares their weights (Keras does not use the
# get_variable store, so no reuse flag is involved). A tf.layers head sits on
# top in its own variable scope.
import tensorflow as tf

encoder_layers = [
    tf.keras.layers.Dense(32, activation='relu', name='enc_fc1'),
    tf.keras.layers.Dense(16, activation='relu', name='enc_fc2'),
]


def encode(x):
    for layer in encoder_layers:
        x = layer(x)
    return x


source = tf.placeholder(tf.float32, [None, 10])
target = tf.placeholder(tf.float32, [None, 10])
src_code = encode(source)
tgt_code = encode(target)

with tf.variable_scope('domain_head'):
    joint = tf.concat([src_code, tgt_code], axis=1)
    logits = tf.layers.dense(joint, 2, name='logits')

labels = tf.placeholder(tf.int32, [None])
loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
train_op = tf.train.AdamOptimizer().minimize(loss)

trainable = [v.name for v in tf.trainable_variables()]
assert len(trainable) == 6, trainable
assert encoder_layers[0].kernel.name == 'enc_fc1/kernel:0'
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(trainable)
