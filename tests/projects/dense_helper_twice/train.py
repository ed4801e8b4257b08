import tensorflow.compat.v1 as tf

from nets.classifier import classifier

tf.disable_v2_behavior()

train_x = tf.random_normal([8, 10])
val_x = tf.random_normal([8, 10])
train_logits = classifier(train_x)
val_logits = classifier(val_x)
