"""SCO108 get-variable-reuse-argument: `tf.get_variable` has no `reuse` parameter."""

import libcst as cst

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import checker
from scopelint.rules._fixes import SAFE, Proposal, code_of, is_literal, keyword, without_keyword
from scopelint.rules._report import certain
from scopelint.rules.base import Example, Rule


def fix(analysis):
    """`reuse=False`/`reuse=None` asked for what the scope does anyway: dropping it keeps everything else."""
    for ev in analysis.events:
        if ev.error is not ArgumentError.GET_VARIABLE_REUSE or not certain(ev):
            continue
        call = ev.node
        arg = keyword(call, "reuse") if isinstance(call, cst.Call) else None
        if arg is None or not is_literal(arg.value, "False", "None"):
            continue
        yield Proposal(
            ev.stack[-1],
            f"Remove reuse={code_of(arg.value)} (get_variable has no reuse parameter; the scope decides)",
            SAFE,
            "",
            ((call, without_keyword(call, "reuse")),),
        )


RULE = Rule(
    code="SCO108",
    name="get-variable-reuse-argument",
    summary="`tf.get_variable` has no `reuse` parameter.",
    what="Finds `tf.get_variable(..., reuse=...)`. TF raises `TypeError: get_variable() got an unexpected keyword argument 'reuse'`; reuse is a property of the enclosing `variable_scope`.",
    why="The call fails immediately; the intent (share this variable) needs a reusing scope.",
    example="import tensorflow as tf\nw = tf.get_variable('w', shape=[1], reuse=True)\n",
    use_instead="import tensorflow as tf\nwith tf.variable_scope(tf.get_variable_scope(), reuse=True):\n    w = tf.get_variable('w', shape=[1])\n",
    fix_safety=(
        "Safe fix: a literal `reuse=False` or `reuse=None` is removed (the scope decides reuse; TF then makes what "
        "the call meant, without the TypeError). `reuse=True` gets no fix: it needs a reusing scope around the call."
    ),
    limits="",
    invalid=(
        Example(
            "import tensorflow as tf\nw = tf.get_variable('w', shape=[1])\nw2 = tf.get_variable('w', shape=[1], reuse=True)\n",
            lines=(3,),
            tf_error="get_variable() got an unexpected keyword argument 'reuse'",
        ),
        Example(
            "import tensorflow as tf\nw = tf.get_variable('w', shape=[1], reuse=False)\n",
            lines=(2,),
            tf_error="get_variable() got an unexpected keyword argument 'reuse'",
        ),
    ),
    valid=(
        "import tensorflow as tf\nw = tf.get_variable('w', shape=[1])\nwith tf.variable_scope(tf.get_variable_scope(), reuse=True):\n    w2 = tf.get_variable('w', shape=[1])\n",
    ),
    fix=fix,
    check=checker(ArgumentError.GET_VARIABLE_REUSE),
)
