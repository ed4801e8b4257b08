"""SCO102 reuse-missing-variable: a reusing scope asks for a variable that does not exist."""

import libcst as cst

from scopelint.engine.events import Outcome
from scopelint.engine.values import render
from scopelint.rules._fixes import (
    UNSAFE,
    Proposal,
    api_of,
    auto_reuse,
    is_literal,
    keyword,
    tf_module_alias,
    with_keyword,
)
from scopelint.rules._report import certain, site, via
from scopelint.rules.base import Example, Rule


def check(analysis):
    for ev in analysis.events:
        if ev.outcome is not Outcome.MISSING or not certain(ev):
            continue
        cause = ev.scope_cause
        why = f"; reuse was switched on at {analysis.where(cause)}" if cause is not None else ""
        node = cause if any(cause is n for n in ev.stack[:-1]) else site(analysis, ev)
        yield (
            node,
            (
                f"Variable {render(ev.key)} does not exist, or was not created with tf.get_variable(). "
                f"The scope reuses at {via(analysis, ev.stack)}{why}, so nothing can be created there; "
                f"create it first, or use reuse=tf.AUTO_REUSE."
            ),
        )


def _reuse_true_edit(analysis, ev):
    """The edit that turns the literal `reuse=True` that made this scope reuse
    into AUTO_REUSE: in the `variable_scope` call itself, or at the call site
    that passed True to its `reuse=<parameter>`; None when not that simple."""
    call, cause = ev.reuse_call, ev.scope_cause
    if call is None or api_of(analysis, call) != "variable_scope":
        return None
    alias = tf_module_alias(analysis, call)
    arg = keyword(call, "reuse")
    if alias is None or arg is None:
        return None
    target, name = call, "reuse"
    if cause is not call:
        if not isinstance(arg.value, cst.Name) or not isinstance(cause, cst.Call):
            return None
        target, name = cause, arg.value.value
        arg = keyword(cause, name)
    if arg is None or not is_literal(arg.value, "True") or analysis.file_of(target) is not None:
        return None
    return (target, with_keyword(target, name, auto_reuse(alias)))


def fix(analysis):
    for ev in analysis.events:
        if ev.outcome is not Outcome.MISSING or not certain(ev):
            continue
        edit = _reuse_true_edit(analysis, ev)
        if edit is None:
            continue
        cause = ev.scope_cause
        node = cause if any(cause is n for n in ev.stack[:-1]) else site(analysis, ev)
        yield Proposal(
            node,
            f"Create {render(ev.key)} when missing: reuse=AUTO_REUSE instead of reuse=True at {analysis.where(edit[0])}",
            UNSAFE,
            f"{render(ev.key)} is created (newly initialised) where it was looked up, and so is any other missing "
            f"name in that scope: a misspelt name no longer raises",
            (edit,),
        )


RULE = Rule(
    code="SCO102",
    name="reuse-missing-variable",
    summary="A reusing variable scope asks `get_variable` for a variable that was never created in the store, so TensorFlow raises.",
    what="""
Finds `get_variable` calls (and layers, RNN cells, optimizer slots) that run
in a scope whose reuse flag is `True` while the variable does not exist:
reuse before the first creation, a name that was made with `tf.Variable`
(which never enters the store), a reuse flag left on for later creations
(`tf.get_variable_scope().reuse_variables()` at top level poisons the rest of
the graph), or `scope.reuse_variables()` followed by a new name. TF raises
`ValueError: Variable X does not exist, or was not created with tf.get_variable().`
""",
    why="""
The flag that causes the failure is usually far from the failing call: an
outer `reuse=True`, a `reuse_variables()` on the root scope before
`optimizer.minimize()`. The message names the line that switched reuse on.
""",
    example="""
import tensorflow as tf
with tf.variable_scope('v_scope') as scope1:
    Weights1 = tf.get_variable('Weights', shape=[2, 3])
    bias1 = tf.Variable([0.52], name='bias')
with tf.variable_scope('v_scope', reuse=True) as scope2:
    Weights2 = tf.get_variable('Weights')
    bias2 = tf.get_variable('bias', [1])  # SCO102: made by tf.Variable, not in the store
""",
    use_instead="""
import tensorflow as tf
with tf.variable_scope('v_scope') as scope1:
    Weights1 = tf.get_variable('Weights', shape=[2, 3])
    bias1 = tf.get_variable('bias', [1])
with tf.variable_scope('v_scope', reuse=True) as scope2:
    Weights2 = tf.get_variable('Weights')
    bias2 = tf.get_variable('bias', [1])
""",
    fix_safety=(
        "Unsafe fix (`--unsafe-fixes`): changes the literal `reuse=True` of the `variable_scope` call that made the "
        "scope reuse into `reuse=<tf>.AUTO_REUSE` (the file's own alias), so that the missing variable is created "
        "there: a misspelt name then silently makes a new variable. No fix when reuse came from "
        "`reuse_variables()`, a parameter or another file, nor when the result would raise another error at the same "
        "line (e.g. a variable without a shape)."
    ),
    limits="""
Reported only when the analysis has seen everything that could have created
the variable: after a call into code it cannot see (another module, a
method of an unknown object) it stays silent, because that code may have
created it.
""",
    invalid=(
        Example(
            """import tensorflow as tf
with tf.variable_scope('s', reuse=True):
    w = tf.get_variable('w', shape=[1])
""",
            lines=(3,),
            tf_error="Variable s/w does not exist, or was not created with tf.get_variable().",
        ),
        Example(
            """import tensorflow as tf
with tf.variable_scope('s'):
    w = tf.Variable(1.0, name='w')
with tf.variable_scope('s', reuse=True):
    w2 = tf.get_variable('w', shape=[])
""",
            lines=(5,),
            tf_error="Variable s/w does not exist, or was not created with tf.get_variable().",
        ),
        Example(
            """import tensorflow as tf
for i in range(2):
    with tf.name_scope('tower_%d' % i):
        w = tf.get_variable('w', shape=[1])
        tf.get_variable_scope().reuse_variables()
with tf.variable_scope('head'):
    h = tf.get_variable('h', shape=[1])
""",
            lines=(7,),
            tf_error="Variable head/h does not exist, or was not created with tf.get_variable().",
        ),
        Example(
            """import tensorflow as tf
with tf.variable_scope('s') as sc:
    sc.reuse_variables()
    w = tf.get_variable('w', shape=[1])
""",
            lines=(4,),
            tf_error="Variable s/w does not exist, or was not created with tf.get_variable().",
        ),
    ),
    valid=(
        """import tensorflow as tf
with tf.variable_scope('s'):
    w = tf.get_variable('w', shape=[1])
with tf.variable_scope('s', reuse=True):
    w2 = tf.get_variable('w')
""",
        """import tensorflow as tf
with tf.variable_scope('m', reuse=tf.AUTO_REUSE):
    w = tf.get_variable('w', shape=[1])
""",
        """import tensorflow as tf
from mymodels import build
build()
with tf.variable_scope('s', reuse=True):
    w = tf.get_variable('w', shape=[1])
""",
        """import tensorflow as tf
with tf.variable_scope(tf.get_variable_scope()):
    for i in range(2):
        with tf.name_scope('tower_%d' % i):
            w = tf.get_variable('w', shape=[1])
            tf.get_variable_scope().reuse_variables()
with tf.variable_scope('head'):
    h = tf.get_variable('h', shape=[1])
""",
    ),
    check=check,
    fix=fix,
)
