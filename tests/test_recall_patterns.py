"""Real-code patterns the engine follows: decorator registries, Keras name
scopes, moving averages of loss tensors. Each program's behaviour is judged by
real TensorFlow (slow tests); the fast ones pin scopelint's answer, including
where it must stay silent."""

from __future__ import annotations

import pytest

import scopelint
from tests.oracle.compare import compare

REGISTRY = """\
import tensorflow as tf
MODELS = {}
HOOKS = []
def register(name):
    def deco(fn):
        MODELS[name] = fn
        return fn
    return deco
def hook(fn):
    HOOKS.append(fn)
    return fn
@register('mlp')
def mlp(x):
    with tf.variable_scope('mlp'):
        return tf.layers.dense(x, 2, name='fc')
@hook
def head(x):
    return tf.layers.dense(x, 1, name='head')
x = tf.placeholder(tf.float32, [None, 4])
y = MODELS['mlp'](x)
for h in HOOKS:
    h(x)
fns = [mlp]
fns[0](x)
"""

EXTERNAL_DECORATOR = """\
import tensorflow as tf
import somelib
@somelib.register('mlp')
def mlp(x):
    with tf.variable_scope('mlp'):
        return tf.layers.dense(x, 2, name='fc')
x = tf.placeholder(tf.float32, [None, 4])
mlp(x)
mlp(x)
"""

TOWER_AVERAGES = """\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 4])
def tower_loss(x):
    h = tf.layers.dense(x, 1, name='fc')
    loss = tf.reduce_mean(tf.square(h), name='total_loss')
    tf.train.ExponentialMovingAverage(0.9, name='avg').apply([loss])
    return loss
with tf.variable_scope(tf.get_variable_scope()):
    for i in range(2):
        with tf.name_scope('tower_%d' % i):
            tower_loss(x)
            tf.get_variable_scope().reuse_variables()
"""

KERAS_AFTER_SCOPE = """\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('fc'):
    w = tf.get_variable('w', [4, 4])
d = tf.keras.layers.Dense(4, name='fc')
y = d(tf.matmul(x, w))
y = d(y)
e = tf.keras.layers.Dense(4, name='fc_2')
z = e(x)
"""


def _names(source: str) -> list:
    return [(n.line, n.name, n.action) for n in scopelint.lint_source(source, "p.py", names=True).names]


def test_functions_reached_through_a_decorator_registry():
    names = _names(REGISTRY)
    assert (15, "mlp/fc/kernel:0", "create") in names and (18, "head/kernel:0", "create") in names
    findings = scopelint.lint_source(REGISTRY, "p.py").findings
    assert [(f.line, f.code) for f in findings] == [(24, "SCO101")]  # the second call site


def test_a_decorator_from_outside_the_project_leaves_the_function_unknown():
    assert scopelint.lint_source(EXTERNAL_DECORATOR, "p.py").findings == []


def test_a_reusing_tower_cannot_make_the_average_of_its_loss():
    findings = scopelint.lint_source(TOWER_AVERAGES, "p.py").findings
    assert [(f.line, f.code) for f in findings] == [(6, "SCO102")]
    assert findings[0].message.startswith("Variable tower_1/total_loss?/avg?/ does not exist")


def test_the_average_of_a_tensor_from_an_unmodelled_op_stays_unknown():
    source = TOWER_AVERAGES.replace("tf.reduce_mean(tf.square(h), name='total_loss')", "tf.norm(h)")
    assert scopelint.lint_source(source, "p.py").findings == []


def test_keras_layer_name_scope_is_uniquified():
    names = [n for _, n, _ in _names(KERAS_AFTER_SCOPE)]
    # `fc` is taken by the variable scope, `fc_1` by the layer's first call, `fc_2` by its second
    assert names == ["fc/w:0", "fc_1/kernel:0", "fc_1/bias:0", "fc_2_1/kernel:0", "fc_2_1/bias:0"]


@pytest.mark.slow
@pytest.mark.parametrize("source", [REGISTRY, TOWER_AVERAGES, KERAS_AFTER_SCOPE], ids=["registry", "averages", "keras"])
def test_agrees_with_tensorflow(oracle, source):
    result = oracle.run(source, filename="p.py")
    assert result.judged, result.error
    cmp = compare(result, scopelint.lint_source(source, "p.py", names=True), source=source)
    assert cmp.ok, cmp.report()
