import tensorflow.compat.v1 as tf

import model
import settings

tf.disable_v2_behavior()

source = tf.random_normal([2, 4])
target = tf.random_normal([2, 4])
source_code = model.encoder(source)
settings.enable_reuse()
target_code = model.encoder(target)
