"""SCO105 scope-name-required: `tf.variable_scope(None)` without a `default_name` raises TypeError."""

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import argument, checker
from scopelint.rules.base import Example, Rule


def hint(ev):
    given = argument(ev.node, "name_or_scope", 0) or "None"
    return (
        f"Got name_or_scope={given} and no default_name; accepted: a name (tf.variable_scope('block')), a "
        f"VariableScope, or None with a default_name (tf.variable_scope(None, default_name='block'))."
    )


RULE = Rule(
    code="SCO105",
    name="scope-name-required",
    summary="`tf.variable_scope(None)` without a `default_name` raises TypeError.",
    what="Finds `variable_scope(None)` (or a name that is `None`) with no `default_name`. TF raises `TypeError: If default_name is None then name_or_scope is required`.",
    why="Usually a name passed through a parameter whose default is `None`; the build fails at once.",
    example="import tensorflow as tf\nwith tf.variable_scope(None):\n    pass\n",
    use_instead="import tensorflow as tf\nwith tf.variable_scope(None, default_name='block'):\n    pass\n",
    limits="TypeError raised by `tf.variable_scope` when both the name and `default_name` are None.",
    invalid=(
        Example(
            "import tensorflow as tf\nwith tf.variable_scope(None):\n    w = tf.get_variable('w', shape=[1])\n",
            lines=(2,),
            tf_error="If default_name is None then name_or_scope is required",
        ),
    ),
    valid=(
        "import tensorflow as tf\nwith tf.variable_scope(None, default_name='blk'):\n    w = tf.get_variable('w', shape=[1])\n",
    ),
    check=checker(ArgumentError.SCOPE_NAME_REQUIRED, hint),
)
