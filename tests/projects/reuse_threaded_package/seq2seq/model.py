import tensorflow.compat.v1 as tf

from .layers import projection


def decoder_step(state, reuse=None):
    with tf.variable_scope("decoder", reuse=reuse):
        hidden = tf.tanh(projection(state, 8, "hidden", reuse=reuse))
        return projection(hidden, 8, "output", reuse=reuse)


def build(state, steps):
    outputs = []
    for t in range(steps):
        state = decoder_step(state, reuse=t > 0)
        outputs.append(state)
    return outputs
