import tensorflow.compat.v1 as tf

import config
import model
from parallel import average_gradients

tf.disable_v2_behavior()


def build_train_op():
    opt = tf.train.AdamOptimizer(config.LEARNING_RATE)
    tower_grads = []
    with tf.variable_scope(tf.get_variable_scope()):
        for i in range(config.TOWERS):
            with tf.name_scope("tower_%d" % i):
                features = tf.random_normal([config.BATCH, config.FEATURES])
                targets = tf.random_normal([config.BATCH, 1])
                loss = model.tower_loss(features, targets)
                tf.get_variable_scope().reuse_variables()
                tower_grads.append(opt.compute_gradients(loss))
        train_op = opt.apply_gradients(average_gradients(tower_grads))
    return train_op


if __name__ == "__main__":
    build_train_op()
