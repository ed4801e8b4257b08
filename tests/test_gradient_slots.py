"""Optimizer slots only for the variables the loss has a gradient path to.

TF's `apply_gradients` drops the (None, var) pairs, so `minimize(loss)`
makes no slot for a variable the loss does not use, nor for one reached only
through `tf.stop_gradient`. Each program is judged by real TensorFlow (the
oracle) and scopelint's names must agree; the fast checks pin the names.
"""

from __future__ import annotations

import pytest

import scopelint
from tests.oracle.compare import compare

UNUSED_AND_STOPPED = """\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
unused = tf.get_variable('unused', [2])
with tf.variable_scope('net'):
    h = tf.layers.dense(x, 4, activation=tf.nn.relu, name='fc')
    w = tf.get_variable('w', [4, 1])
    target = tf.get_variable('target', [4, 1])
y = tf.matmul(h, w) + tf.stop_gradient(tf.matmul(h, target))
loss = -tf.reduce_mean(y * 2.0)
train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
"""

COMPUTE_APPLY = """\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
a = tf.get_variable('a', [3, 1])
b = tf.get_variable('b', [3, 1])
loss = tf.reduce_sum(tf.square(tf.matmul(x, b)))
opt = tf.train.AdamOptimizer(0.1)
grads = opt.compute_gradients(loss)
train = opt.apply_gradients([(g, v) for g, v in grads if g is not None])
"""

TF_GRADIENTS = """\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
a = tf.get_variable('a', [3, 1])
b = tf.get_variable('b', [3, 1])
loss = tf.reduce_sum(tf.matmul(x, a))
params = [a, b]
grads = tf.gradients(loss, params)
pairs = [(g, v) for g, v in zip(grads, params) if g is not None]
train = tf.train.AdagradOptimizer(0.1).apply_gradients(pairs)
"""

RNN_AND_UNKNOWN_LOSS = """\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 3])
cell = tf.nn.rnn_cell.GRUCell(4)
out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
extra = tf.get_variable('extra', [2])
loss = tf.reduce_mean(out)
tf.train.AdamOptimizer(0.1, name='A').minimize(loss)
other = tf.math.lgamma(out)  # not modelled: what it depends on is unknown
tf.train.MomentumOptimizer(0.1, 0.9).minimize(other)
"""


def _slots(source: str) -> list:
    names = scopelint.lint_source(source, "p.py", names=True).names
    return [n.name for n in names if n.api.startswith("train.")]


def test_no_slot_for_unused_or_stopped_variables():
    assert _slots(UNUSED_AND_STOPPED) == [
        "net/fc/kernel/Momentum:0",
        "net/fc/bias/Momentum:0",
        "net/w/Momentum:0",
    ]


def test_compute_gradients_gives_none_for_unused_variables():
    assert _slots(COMPUTE_APPLY) == ["beta1_power:0", "beta2_power:0", "b/Adam:0", "b/Adam_1:0"]


def test_tf_gradients_gives_none_for_unused_variables():
    assert _slots(TF_GRADIENTS) == ["a/Adagrad:0"]


def test_rnn_outputs_depend_on_the_cell_and_unknown_losses_leave_slots_unknown():
    slots = _slots(RNN_AND_UNKNOWN_LOSS)
    assert "extra/A:0" not in slots and "rnn/gru_cell/candidate/kernel/A:0" in slots
    # a loss from an op not modelled: whether TF makes each slot is not known, never assumed
    momentum = [s for s in slots if "Momentum" in s]
    assert momentum and all("?" in s for s in momentum), momentum
    assert any(s.startswith("extra/Momentum?") for s in momentum)


@pytest.mark.slow
@pytest.mark.parametrize("source", [UNUSED_AND_STOPPED, COMPUTE_APPLY, TF_GRADIENTS], ids=["stop", "compute", "grads"])
def test_slots_agree_with_tensorflow(oracle, source):
    result = oracle.run(source, filename="p.py")
    assert result.judged, result.error
    cmp = compare(result, scopelint.lint_source(source, "p.py", names=True), source=source)
    assert cmp.ok and cmp.unknown_predictions == 0, cmp.report()


def test_an_operator_without_gradient_is_not_followed():
    # `//` has no gradient: what the loss depends on is unknown (never "depends on target")
    source = UNUSED_AND_STOPPED.replace("tf.stop_gradient(tf.matmul(h, target))", "tf.matmul(h, target) // 2.0")
    assert "unused/Momentum:0" not in _slots(source)
    assert any(s.startswith("unused/Momentum?") for s in _slots(source))


def test_clip_by_global_norm_keeps_none_gradients():
    source = TF_GRADIENTS.replace(
        "pairs = [(g, v) for g, v in zip(grads, params) if g is not None]",
        "clipped, _ = tf.clip_by_global_norm(grads, 5.0)\npairs = [(g, v) for g, v in zip(clipped, params) if g is not None]",
    )
    assert _slots(source) == ["a/Adagrad:0"]
