import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

import common  # noqa: E402
import model  # noqa: E402


def main():
    ids = tf.placeholder(tf.int32, [None, 5])
    loss = tf.reduce_mean(tf.square(model.score(ids)))
    opt = tf.train.GradientDescentOptimizer(0.1)
    return opt.minimize(loss, global_step=common.global_step)


if __name__ == "__main__":
    main()
