"""SCO201 name-scope-ignored: get_variable inside tf.name_scope does not get its prefix."""

import libcst as cst

from scopelint.engine.events import Kind, Outcome
from scopelint.engine.values import render
from scopelint.rules._fixes import UNSAFE, Proposal, api_of, bare_with_item, tf_module_alias
from scopelint.rules._report import certain, site
from scopelint.rules.base import Example, Rule


def check(analysis):
    # Call sites that also run under reuse=True share on purpose across name
    # scopes (the multi-tower idiom): the dropped prefix is what they rely on.
    shared_on_purpose = {id(ev.node) for ev in analysis.events if ev.kind is Kind.GET_VARIABLE and ev.reuse is True}
    for ev in analysis.events:
        ns = ev.ns_only
        if ev.kind is not Kind.GET_VARIABLE or ns is None or ev.outcome is not Outcome.CREATE or not certain(ev):
            continue
        if id(ev.node) in shared_on_purpose:
            continue
        ns_node, _ns_site, ns_stack = ns
        yield (
            site(analysis, ev),
            (
                f"tf.get_variable ignores tf.name_scope: this variable is named '{render(ev.name)}:0', "
                f"not '{render(ns_stack)}/{render(ev.short_name if ev.short_name is not None else ev.name)}:0' "
                f"(name scope opened at {analysis.where(ns_node)}); "
                f"use tf.variable_scope to prefix variable names."
            ),
        )


def fix(analysis):
    shared_on_purpose = {id(ev.node) for ev in analysis.events if ev.kind is Kind.GET_VARIABLE and ev.reuse is True}
    for ev in analysis.events:
        ns = ev.ns_only
        if ev.kind is not Kind.GET_VARIABLE or ns is None or ev.outcome is not Outcome.CREATE or not certain(ev):
            continue
        if id(ev.node) in shared_on_purpose:
            continue
        call = ns[0]
        # `with ... as s:` binds a string for name_scope, a scope object for variable_scope: only bare items.
        if analysis.file_of(call) is not None or api_of(analysis, call) != "name_scope":
            continue
        if tf_module_alias(analysis, call) is None or not bare_with_item(analysis.module, call):
            continue
        yield Proposal(
            site(analysis, ev),
            f"Use variable_scope instead of name_scope at {analysis.where(call)}",
            UNSAFE,
            f"variable names gain the prefix `{render(ns[2])}/`: existing checkpoints will not restore without a name map",
            ((call.func, call.func.with_changes(attr=cst.Name("variable_scope"))),),
        )


RULE = Rule(
    code="SCO201",
    name="name-scope-ignored",
    summary="`tf.get_variable` inside `tf.name_scope` silently drops the name-scope prefix.",
    what="""
Finds `tf.get_variable` calls that create a variable while a
`tf.name_scope` is open inside the current variable scope (directly or
through a function called in the block).
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
    fix_safety=(
        "Unsafe fix (`--unsafe-fixes`): `<tf>.name_scope(...)` becomes `<tf>.variable_scope(...)` in a `with` item "
        "that binds no name (`with ... as s:` would bind a scope object instead of a string). Variable names gain the "
        "prefix (`a_name_scope/var1:0`): existing checkpoints will not restore without a name map. Not offered when "
        "the change would make TF raise (the same name scope opened twice then creates its variables twice)."
    ),
    limits="""
Not reported when a `variable_scope` is opened inside the name scope (the
variable then gets that scope's prefix, as intended), nor for calls that also
run under `reuse=True`: multi-tower code relies on name scopes *not* renaming
shared variables. Only the first creation is reported.
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
    fix=fix,
)
