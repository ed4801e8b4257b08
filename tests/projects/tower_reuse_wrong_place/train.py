"""Data-parallel training: one model replica ("tower") per device, shared weights."""
import tensorflow.compat.v1 as tf

import cifar.model as model

tf.disable_v2_behavior()

NUM_TOWERS = 2


def tower_losses():
    losses = []
    with tf.variable_scope(tf.get_variable_scope()):
        for i in range(NUM_TOWERS):
            with tf.name_scope("tower_%d" % i):
                tf.get_variable_scope().reuse_variables()
                images = tf.random_normal([4, 8, 8, 3])
                labels = tf.zeros([4], tf.int32)
                losses.append(model.loss(model.inference(images), labels))
    return losses


if __name__ == "__main__":
    global_step = model.create_global_step()
    total_loss = tf.add_n(tower_losses())
