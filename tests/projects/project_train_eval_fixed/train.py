# The fixed twin of examples/project_train_eval: the second build reuses.
import numpy as np
import tensorflow as tf

import model

data = np.random.rand(100, 784).astype(np.float32)
print('training on', data.shape, 'mean', data.mean())

train_images = tf.placeholder(tf.float32, [None, 784])
test_images = tf.placeholder(tf.float32, [None, 784])
train_logits = model.classifier(train_images)
test_logits = model.classifier(test_images, reuse=True)
