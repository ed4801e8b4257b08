"""SCO203 reuse-false-ignored: reuse=False inside a reuse=True scope does nothing."""

from scopelint.engine.events import Kind
from scopelint.rules._fixes import SAFE, Proposal, api_of, is_literal, keyword, without_keyword
from scopelint.rules._report import certain, site
from scopelint.rules.base import Example, Rule


def check(analysis):
    for ev in analysis.events:
        if ev.kind is not Kind.SCOPE or not certain(ev):
            continue
        cause = ev.cause
        since = f" (reuse switched on at {analysis.where(cause)})" if cause is not None else ""
        yield (
            site(analysis, ev),
            (
                f"reuse=False does not turn reuse off: TF treats it as None (inherit), and the enclosing scope reuses{since}; "
                f"variables here are looked up, never created. Open this scope outside the reusing one instead."
            ),
        )


def fix(analysis):
    for ev in analysis.events:
        if ev.kind is not Kind.SCOPE or not certain(ev):
            continue
        call = ev.node
        arg = keyword(call, "reuse")
        if api_of(analysis, call) != "variable_scope" or arg is None or not is_literal(arg.value, "False"):
            continue
        yield Proposal(
            site(analysis, ev),
            "Remove reuse=False (TF treats it as None here: it does nothing)",
            SAFE,
            "",
            ((call, without_keyword(call, "reuse")),),
        )


RULE = Rule(
    code="SCO203",
    name="reuse-false-ignored",
    summary="`reuse=False` inside a `reuse=True` scope is silently treated as 'inherit', so the scope still reuses.",
    what="""
Finds `tf.variable_scope(..., reuse=False)` (also through a parameter) opened
inside a scope with `reuse=True` (or after `reuse_variables()`), or
re-entering a scope object whose reuse flag is on. TF converts
`reuse=False` to `None`, which inherits: nothing can switch reuse off once
it is on.
""",
    why="""
The author expects fresh variables; instead every `get_variable` in the
block looks up an existing one and fails with SCO102 if there is none, or
silently shares weights that were meant to be separate.
""",
    example="""
import tensorflow as tf
with tf.variable_scope('o', reuse=True):
    with tf.variable_scope('i', reuse=False):  # SCO203
        pass
""",
    use_instead="""
import tensorflow as tf
with tf.variable_scope('o', reuse=True):
    pass
with tf.variable_scope('o/i'):
    pass
""",
    fix_safety=(
        "Safe fix: the literal `reuse=False` is removed. TF converts it to `None` anyway, so the graph is exactly "
        "the same; the fix only removes the misleading argument (the block still reuses: move it out of the reusing "
        "scope if fresh variables were meant)."
    ),
    limits=(
        "Reported only when the enclosing scope certainly reuses with `reuse=True`. Under `tf.AUTO_REUSE`, "
        "`reuse=False` inherits `AUTO_REUSE`: variables are still created when missing, which is what code "
        "passing `tf.AUTO_REUSE` down to helpers whose `reuse` parameter defaults to False usually wants; "
        "that is not reported."
    ),
    invalid=(
        Example(
            """import tensorflow as tf
with tf.variable_scope('o', reuse=False) as o:
    w = tf.get_variable('w', shape=[1])
with tf.variable_scope('o', reuse=True):
    with tf.variable_scope('i', reuse=False) as i:
        v = tf.get_variable('w2', shape=[1])
""",
            lines=(5,),
            tf_error="Variable o/i/w2 does not exist, or was not created with tf.get_variable().",
        ),
    ),
    valid=(
        """import tensorflow as tf
with tf.variable_scope('o', reuse=False):
    w = tf.get_variable('w', shape=[1])
""",
        """import tensorflow as tf
def encoder(x, reuse=False):
    with tf.variable_scope('enc', reuse=reuse):
        return tf.get_variable('w', shape=[1])
def model(x):
    with tf.variable_scope('model', reuse=tf.AUTO_REUSE):
        return encoder(x)
a = model(None)
b = model(None)
""",
    ),
    check=check,
    fix=fix,
)
