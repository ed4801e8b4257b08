"""SCO110 constant-initializer-with-shape: A value `initializer=` together with `shape=` raises ValueError."""

import libcst as cst

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import checker
from scopelint.rules._fixes import SAFE, Proposal, keyword, plain_call, without_keyword
from scopelint.rules._report import certain
from scopelint.rules.base import Example, Rule


def _known(shape) -> bool:
    return isinstance(shape, tuple) and all(isinstance(d, int) and not isinstance(d, bool) for d in shape)


def fix(analysis):
    """Drop `shape=` when the value initializer has that very shape: TF
    then makes the variable it would have made, without the error."""
    for ev in analysis.events:
        if ev.error is not ArgumentError.CONSTANT_INITIALIZER_WITH_SHAPE or not certain(ev):
            continue
        call = ev.node
        given, value = ev.given_shape, ev.value_shape
        if not (_known(given) and _known(value) and tuple(given) == tuple(value)):
            continue
        if not isinstance(call, cst.Call) or keyword(call, "shape") is None or not plain_call(call, 1):
            continue
        yield Proposal(
            ev.stack[-1],
            f"Remove shape= (the initializer's value already has shape {list(value)})",
            SAFE,
            "",
            ((call, without_keyword(call, "shape")),),
        )


RULE = Rule(
    code="SCO110",
    name="constant-initializer-with-shape",
    summary="A value `initializer=` together with `shape=` raises ValueError.",
    what="Finds `get_variable(..., shape=..., initializer=<value>)` where the initializer is a value (a tensor, list or number) rather than an initializer object. TF raises `ValueError: If initializer is a constant, do not specify shape.`",
    why="The value already fixes the shape; TF refuses the redundant argument even when they agree.",
    example="import tensorflow as tf\nw = tf.get_variable('w', shape=[3], initializer=[1.0, 2.0, 3.0])\n",
    use_instead="import tensorflow as tf\nw = tf.get_variable('w', initializer=[1.0, 2.0, 3.0])\n",
    fix_safety=(
        "Safe fix: `shape=` is removed when the analysis knows the value's shape and it equals the `shape=` given "
        "(`shape=[3], initializer=[1.0, 2.0, 3.0]`): TF then creates exactly the variable that was asked for. No "
        "fix when either shape is unknown (a tensor such as `tf.constant(...)` or a computed value) or they differ."
    ),
    limits="",
    invalid=(
        Example(
            "import tensorflow as tf\nw = tf.get_variable('w', shape=[1, 2], initializer=tf.constant([[1.0, 2.0]]))\n",
            lines=(2,),
            tf_error="If initializer is a constant, do not specify shape.",
        ),
        Example(
            "import tensorflow as tf\nw = tf.get_variable('w', shape=[3], initializer=[1.0, 2.0, 3.0])  # keep\n",
            lines=(2,),
            tf_error="If initializer is a constant, do not specify shape.",
        ),
    ),
    valid=(
        "import tensorflow as tf\nw = tf.get_variable('w', shape=[1, 2], initializer=tf.constant_initializer(1.0))\n",
    ),
    fix=fix,
    check=checker(ArgumentError.CONSTANT_INITIALIZER_WITH_SHAPE),
)
