"""SCO108 get-variable-reuse-argument: `tf.get_variable` has no `reuse` parameter."""

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import argument, checker
from scopelint.rules.base import Example, Rule


def hint(ev):
    given = argument(ev.node, "reuse") or "True"
    return (
        f"Got reuse={given}: get_variable takes its reuse from the variable scope; open one around it: "
        f"`with tf.variable_scope(tf.get_variable_scope(), reuse={given}):`."
    )


RULE = Rule(
    code="SCO108",
    name="get-variable-reuse-argument",
    summary="`tf.get_variable` has no `reuse` parameter.",
    what="Finds `tf.get_variable(..., reuse=...)`. TF raises `TypeError: get_variable() got an unexpected keyword argument 'reuse'`; reuse is a property of the enclosing `variable_scope`.",
    why="The call fails immediately; the intent (share this variable) needs a reusing scope.",
    example="import tensorflow as tf\nw = tf.get_variable('w', shape=[1], reuse=True)\n",
    use_instead="import tensorflow as tf\nwith tf.variable_scope(tf.get_variable_scope(), reuse=True):\n    w = tf.get_variable('w', shape=[1])\n",
    limits="",
    invalid=(
        Example(
            "import tensorflow as tf\nw = tf.get_variable('w', shape=[1])\nw2 = tf.get_variable('w', shape=[1], reuse=True)\n",
            lines=(3,),
            tf_error="get_variable() got an unexpected keyword argument 'reuse'",
        ),
    ),
    valid=(
        "import tensorflow as tf\nw = tf.get_variable('w', shape=[1])\nwith tf.variable_scope(tf.get_variable_scope(), reuse=True):\n    w2 = tf.get_variable('w', shape=[1])\n",
    ),
    check=checker(ArgumentError.GET_VARIABLE_REUSE, hint),
)
