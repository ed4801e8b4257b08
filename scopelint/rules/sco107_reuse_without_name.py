"""SCO107 reuse-without-name: `reuse=True` (or AUTO_REUSE) with only a `default_name` raises ValueError."""

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import argument, checker
from scopelint.rules.base import Example, Rule


def hint(ev):
    reuse = argument(ev.node, "reuse", 8) or "True"
    default = argument(ev.node, "default_name", 1)
    name = default if default is not None and default[:1] in "'\"" else "'name'"
    return (
        f"Got reuse={reuse} with no name_or_scope; accepted: a name with reuse "
        f"(tf.variable_scope({name}, reuse={reuse})), or default_name without reuse (such a scope is always new)."
    )


RULE = Rule(
    code="SCO107",
    name="reuse-without-name",
    summary="`reuse=True` (or AUTO_REUSE) with only a `default_name` raises ValueError.",
    what="Finds `variable_scope(None, default_name=..., reuse=True)`: a scope with a generated name cannot be reused. TF raises `ValueError: reuse=True cannot be used without a name_or_scope`. contrib/slim layers raise the same when `reuse=True` is given without `scope=`.",
    why="A generated name (`blk`, `blk_1`) is new on every call, so there is nothing to reuse.",
    example="import tensorflow as tf\nwith tf.variable_scope(None, default_name='d', reuse=True):\n    pass\n",
    use_instead="import tensorflow as tf\nwith tf.variable_scope('d', reuse=True):\n    pass\n",
    limits="",
    invalid=(
        Example(
            "import tensorflow as tf\nwith tf.variable_scope(None, default_name='d', reuse=True):\n    pass\n",
            lines=(2,),
            tf_error="reuse=True cannot be used without a name_or_scope",
        ),
    ),
    valid=(
        "import tensorflow as tf\nwith tf.variable_scope('d'):\n    w = tf.get_variable('w', shape=[1])\nwith tf.variable_scope('d', reuse=True):\n    w = tf.get_variable('w', shape=[1])\n",
    ),
    check=checker(ArgumentError.REUSE_WITHOUT_NAME, hint),
)
