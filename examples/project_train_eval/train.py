# Shows: whole-project analysis. The bug's two halves are in two files: the
# model is in model.py, the second build (without reuse) is here.
# TF: ValueError: Variable classifier/hidden/kernel already exists, disallowed.
# Fix: model.classifier(test_images, reuse=True)
import numpy as np
import tensorflow as tf

import model

data = np.random.rand(100, 784).astype(np.float32)
print('training on', data.shape, 'mean', data.mean())

train_images = tf.placeholder(tf.float32, [None, 784])
test_images = tf.placeholder(tf.float32, [None, 784])
train_logits = model.classifier(train_images)
test_logits = model.classifier(test_images)
