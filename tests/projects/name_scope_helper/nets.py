import tensorflow.compat.v1 as tf

from layers import fc


def mlp(x):
    hidden = tf.nn.relu(fc(x, 32, "fc1"))
    return fc(hidden, 10, "fc2")
