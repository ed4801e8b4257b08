"""Variables that libraries create for the user: tf.layers, RNN cells,
optimizers, moving averages, templates, slim / contrib.layers."""
