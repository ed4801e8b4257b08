"""SCO106 invalid-reuse-value: `reuse=` must be True, False, None or tf.AUTO_REUSE."""

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import argument, checker
from scopelint.rules.base import Example, Rule


def hint(ev):
    given = argument(ev.node, "reuse", 8)
    got = f"Got reuse={given}; accepted" if given is not None else "Accepted"
    return f"{got}: True, False, None or tf.AUTO_REUSE (creates the variable when missing, shares it otherwise)."


RULE = Rule(
    code="SCO106",
    name="invalid-reuse-value",
    summary="`reuse=` must be True, False, None or tf.AUTO_REUSE.",
    what="Finds `variable_scope(..., reuse=<value>)` where the value is a string, number or other constant that is not `True`, `False`, `None` or `tf.AUTO_REUSE`. TF raises `ValueError: The reuse parameter must be True or False or None.`",
    why="A string such as `reuse='yes'` or `reuse=1` looks plausible and fails at graph-building time.",
    example="import tensorflow as tf\nwith tf.variable_scope('s', reuse='yes'):\n    pass\n",
    use_instead="import tensorflow as tf\nwith tf.variable_scope('s', reuse=True):\n    pass\n",
    limits="",
    invalid=(
        Example(
            "import tensorflow as tf\nwith tf.variable_scope('s'):\n    w = tf.get_variable('w', shape=[1])\nwith tf.variable_scope('s', reuse=1):\n    w = tf.get_variable('w', shape=[1])\n",
            lines=(4,),
            tf_error="The reuse parameter must be True or False or None.",
        ),
    ),
    valid=(
        "import tensorflow as tf\nwith tf.variable_scope('s', reuse=None):\n    w = tf.get_variable('w', shape=[1])\n",
    ),
    check=checker(ArgumentError.INVALID_REUSE, hint),
)
