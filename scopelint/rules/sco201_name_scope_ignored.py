"""SCO201 name-scope-ignored: get_variable inside tf.name_scope does not get its prefix."""

import libcst as cst

from scopelint.engine.values import render
from scopelint.rules._report import certain
from scopelint.rules.base import Example, Rule


def _literal_name(node) -> bool:
    args = node.args
    return bool(args) and isinstance(args[0].value, cst.SimpleString) and args[0].keyword in (None,) or any(
        a.keyword is not None and a.keyword.value == "name" and isinstance(a.value, cst.SimpleString) for a in args
    )


def check(analysis):
    for ev in analysis.events:
        ns = ev.detail.get("ns_only")
        if ev.kind != "get_variable" or ns is None or ev.outcome != "create" or not certain(ev):
            continue
        ns_node, ns_site, ns_stack = ns
        site = ev.stack[-2] if len(ev.stack) > 1 else None
        # Only a get_variable written inside the `with tf.name_scope(...)` block
        # itself, with a literal scope name: towers named `tower_%d` that call a
        # builder rely on name scopes *not* renaming variables.
        if site is not ns_site or not _literal_name(ns_node) or ev.detail.get("reuse") is not False:
            continue
        yield ev.stack[-1], (
            f"tf.get_variable ignores tf.name_scope: this variable is named '{render(ev.name)}:0', "
            f"not '{render(ns_stack)}/{render(ev.name)}:0' (name scope opened at line {analysis.line(ns_node)}); "
            f"use tf.variable_scope to prefix variable names."
        )


RULE = Rule(
    code="SCO201",
    name="name-scope-ignored",
    summary="`tf.get_variable` inside `tf.name_scope` silently drops the name-scope prefix.",
    what="""
Finds `tf.get_variable` calls written directly inside a
`with tf.name_scope('literal'):` block (no `variable_scope` in between).
`get_variable` names come from the *variable* scope only, so the variable is
`var1:0`, not `a_name_scope/var1:0`.
""",
    why="""
Checkpoints, TensorBoard groupings and later `reuse` lookups use the real
name. Two such blocks with the same variable name collide (SCO101), and code
that restores `a_name_scope/var1` from a checkpoint finds nothing.
""",
    example="""
import tensorflow as tf
with tf.name_scope('a_name_scope'):
    var1 = tf.get_variable(name='var1', shape=[1])  # SCO201: named var1:0
""",
    use_instead="""
import tensorflow as tf
with tf.variable_scope('a_name_scope'):
    var1 = tf.get_variable(name='var1', shape=[1])  # a_name_scope/var1:0
""",
    fix_safety="Replacing `name_scope` with `variable_scope` renames the variable (and its checkpoint key); do it before training, or map names when restoring.",
    limits="""
Not reported when the get_variable is reached through a function call, when
the name scope's name is computed (`'tower_%d' % i`: multi-tower code relies
on name scopes not renaming shared variables), or when the scope reuses.
""",
    invalid=(
        Example(
            """import tensorflow as tf
with tf.name_scope("a_name_scope"):
    initializer = tf.constant_initializer(value=1)
    var1 = tf.get_variable(name='var1', shape=[1], dtype=tf.float32, initializer=initializer)
""",
            lines=(4,),
            tf_name="var1:0",
        ),
    ),
    valid=(
        """import tensorflow as tf
with tf.variable_scope('a_variable_scope'):
    var1 = tf.get_variable(name='var1', shape=[1])
""",
        """import tensorflow as tf

def build():
    return tf.get_variable('w', shape=[1])

with tf.variable_scope(tf.get_variable_scope()):
    for i in range(2):
        with tf.name_scope('tower_%d' % i):
            build()
            tf.get_variable_scope().reuse_variables()
""",
        """import tensorflow as tf
with tf.name_scope('ns'):
    v = tf.Variable(1.0, name='v')
""",
    ),
    check=check,
)
