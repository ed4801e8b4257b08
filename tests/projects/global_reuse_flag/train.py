import tensorflow.compat.v1 as tf

import model
import state

tf.disable_v2_behavior()


def main():
    train_x = tf.random_normal([4, 3])
    eval_x = tf.random_normal([4, 3])
    train_out = model.build(train_x)
    eval_out = model.build(eval_x)
    state.share_weights()
    return train_out, eval_out


if __name__ == "__main__":
    main()
