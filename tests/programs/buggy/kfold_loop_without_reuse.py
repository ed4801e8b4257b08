# bug: cross-validation builds the model once per fold in the same graph; the second fold collides
# expect: SCO101@21
# tf: ValueError@21>12: Variable fc/kernel already exists, disallowed.
import numpy as np
import tensorflow as tf

X = np.random.rand(50, 6).astype(np.float32)
y = (X.sum(axis=1) > 3).astype(np.float32)


def model(inputs):
    logits = tf.layers.dense(inputs, 1, name='fc')
    return tf.squeeze(logits, axis=1)


for fold, idx in enumerate(np.array_split(np.arange(len(X)), 5)):
    print('fold', fold, 'size', len(idx))
    x = tf.placeholder(tf.float32, [None, 6])
    t = tf.placeholder(tf.float32, [None])
    loss = tf.reduce_mean(
        tf.nn.sigmoid_cross_entropy_with_logits(labels=t, logits=model(x)))
