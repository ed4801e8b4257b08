import tensorflow.compat.v1 as tf

import nets

tf.disable_v2_behavior()

if __name__ == "__main__":
    x = tf.placeholder(tf.float32, [None, 20])
    logits = nets.mlp(x)
