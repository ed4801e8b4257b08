# correct: cross-validation with a fresh graph per fold, and a numpy/pandas-style data pipeline around it
import numpy as np
import tensorflow as tf

X = np.random.rand(50, 6).astype(np.float32)
y = (X.sum(axis=1) > 3).astype(np.float32)
print(X.shape, y.mean())


def model(inputs):
    logits = tf.layers.dense(inputs, 1, name='fc')
    return tf.squeeze(logits, axis=1)


scores = []
for fold, idx in enumerate(np.array_split(np.arange(len(X)), 5)):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 6])
        t = tf.placeholder(tf.float32, [None])
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=t, logits=model(x)))
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            value = sess.run(loss, feed_dict={x: X[idx], t: y[idx]})
            scores.append(float(value))
print('mean loss', np.mean(scores))
