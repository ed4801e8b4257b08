# Evaluation with exponential-moving-average weights: the model is built once
# for training, and once more with reuse=True and a custom getter that swaps
# each variable for its moving average.
import tensorflow as tf


def model(x, reuse=None, getter=None):
    with tf.variable_scope('model', reuse=reuse, custom_getter=getter):
        h = tf.layers.dense(x, 16, activation=tf.nn.relu, name='fc1')
        return tf.layers.dense(h, 3, name='fc2')


x = tf.placeholder(tf.float32, [None, 5])
labels = tf.placeholder(tf.int32, [None])

logits = model(x)
loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
global_step = tf.train.get_or_create_global_step()
opt_op = tf.train.AdamOptimizer(1e-3).minimize(loss, global_step=global_step)

model_vars = tf.trainable_variables('model')
ema = tf.train.ExponentialMovingAverage(decay=0.999, num_updates=global_step)
with tf.control_dependencies([opt_op]):
    train_op = ema.apply(model_vars)


def ema_getter(getter, name, *args, **kwargs):
    var = getter(name, *args, **kwargs)
    avg = ema.average(var)
    return avg if avg is not None else var


eval_logits = model(x, reuse=True, getter=ema_getter)
eval_pred = tf.argmax(eval_logits, axis=1)

shadow = sorted(ema.average(v).op.name for v in model_vars)
assert shadow[0] == 'model/fc1/bias/ExponentialMovingAverage', shadow
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train_op, {x: [[0.1] * 5], labels: [1]})
    print(shadow)
