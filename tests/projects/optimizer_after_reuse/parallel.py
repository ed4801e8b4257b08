"""Helpers for synchronous data-parallel training."""
import tensorflow.compat.v1 as tf


def average_gradients(tower_grads):
    averaged = []
    for grad_and_vars in zip(*tower_grads):
        grads = [g for g, _ in grad_and_vars]
        averaged.append((tf.add_n(grads) / len(grads), grad_and_vars[0][1]))
    return averaged
