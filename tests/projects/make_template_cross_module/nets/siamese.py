import tensorflow.compat.v1 as tf


def _tower(x, units=8):
    hidden = tf.layers.dense(x, units, activation=tf.nn.relu, name="hidden")
    w = tf.get_variable("proj", [units, 4])
    return tf.matmul(hidden, w)


# Variables are created on the first call and reused on every later one.
tower = tf.make_template("tower", _tower)
