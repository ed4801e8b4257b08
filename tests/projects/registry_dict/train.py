import tensorflow.compat.v1 as tf

import config
import models

tf.disable_v2_behavior()

net_fn = models.MODELS[config.MODEL]
train_x = tf.random_normal([8, config.FEATURES])
eval_x = tf.random_normal([8, config.FEATURES])
train_pred = net_fn(train_x)
eval_pred = net_fn(eval_x)
