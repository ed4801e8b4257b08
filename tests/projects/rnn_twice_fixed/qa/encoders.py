import tensorflow.compat.v1 as tf

from .config import UNITS


def encode(inputs, scope=None):
    cell = tf.nn.rnn_cell.GRUCell(UNITS)
    outputs, state = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32, scope=scope)
    return outputs, state
