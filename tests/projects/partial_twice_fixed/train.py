import tensorflow.compat.v1 as tf

import config
import nets

tf.disable_v2_behavior()

images = tf.placeholder(tf.float32, [None, config.IMAGE, config.IMAGE, 3])
features = nets.backbone(images)
