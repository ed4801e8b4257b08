"""Train the classifier; evaluate on a second input pipeline in the same graph."""
import tensorflow.compat.v1 as tf

import config
import pkg

tf.disable_v2_behavior()


def main():
    train_x = tf.placeholder(tf.float32, [None, config.INPUT_DIM], name="train_x")
    eval_x = tf.placeholder(tf.float32, [None, config.INPUT_DIM], name="eval_x")
    train_logits = pkg.build(train_x)
    eval_logits = pkg.build(eval_x, reuse=True)
    loss = tf.reduce_mean(tf.square(train_logits))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    return train_op, eval_logits


if __name__ == "__main__":
    main()
