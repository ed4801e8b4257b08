"""SCO107 reuse-without-name: `reuse=True` (or AUTO_REUSE) with only a `default_name` raises ValueError."""

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import checker
from scopelint.rules.base import Example, Rule

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
    check=checker(ArgumentError.REUSE_WITHOUT_NAME),
)
