import tensorflow.compat.v1 as tf

import config
import model

tf.disable_v2_behavior()


def main():
    images = tf.placeholder(tf.float32, [None, config.PIXELS])
    labels = tf.placeholder(tf.int32, [None])
    with tf.variable_scope(config.SCOPE):
        logits = model.inference(images)
    train_op = tf.train.AdamOptimizer(1e-3).minimize(model.loss(logits, labels))
    return train_op


if __name__ == "__main__":
    main()
