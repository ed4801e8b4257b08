"""SCO110 constant-initializer-with-shape: A value `initializer=` together with `shape=` raises ValueError."""

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import argument, checker
from scopelint.rules.base import Example, Rule


def hint(ev):
    init = argument(ev.node, "initializer", 3)
    shape = argument(ev.node, "shape", 1)
    got = f"Got initializer={init} with shape={shape}; accepted" if init and shape else "Accepted"
    return (
        f"{got}: a value initializer without shape= (the value gives the shape), or "
        f"tf.constant_initializer(value) with shape=."
    )


RULE = Rule(
    code="SCO110",
    name="constant-initializer-with-shape",
    summary="A value `initializer=` together with `shape=` raises ValueError.",
    what="Finds `get_variable(..., shape=..., initializer=<value>)` where the initializer is a value (a tensor, list or number) rather than an initializer object. TF raises `ValueError: If initializer is a constant, do not specify shape.`",
    why="The value already fixes the shape; TF refuses the redundant argument even when they agree.",
    example="import tensorflow as tf\nw = tf.get_variable('w', shape=[3], initializer=[1.0, 2.0, 3.0])\n",
    use_instead="import tensorflow as tf\nw = tf.get_variable('w', initializer=[1.0, 2.0, 3.0])\n",
    limits="",
    invalid=(
        Example(
            "import tensorflow as tf\nw = tf.get_variable('w', shape=[1, 2], initializer=tf.constant([[1.0, 2.0]]))\n",
            lines=(2,),
            tf_error="If initializer is a constant, do not specify shape.",
        ),
    ),
    valid=(
        "import tensorflow as tf\nw = tf.get_variable('w', shape=[1, 2], initializer=tf.constant_initializer(1.0))\n",
    ),
    check=checker(ArgumentError.CONSTANT_INITIALIZER_WITH_SHAPE, hint),
)
