"""SCO110 constant-initializer-with-shape: a value `initializer=` together with `shape=`, or with a `dtype=` it does not have, raises ValueError."""

import libcst as cst

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import argument, checker
from scopelint.rules._fixes import SAFE, Proposal, keyword, plain_call, without_keyword
from scopelint.rules._report import certain
from scopelint.rules.base import Example, Rule


def hint(ev):
    init = argument(ev.node, "initializer", 3)
    if ev.error is ArgumentError.INITIALIZER_DTYPE:
        dtype = argument(ev.node, "dtype", 2)
        got = f"Got initializer={init} with dtype={dtype}; accepted" if init and dtype else "Accepted"
        return (
            f"{got}: a value of that dtype (e.g. tf.constant(..., dtype={dtype or 'tf.float32'})), no dtype= "
            f"(the value's dtype is used), or tf.constant_initializer(value) with dtype= and shape=."
        )
    shape = argument(ev.node, "shape", 1)
    got = f"Got initializer={init} with shape={shape}; accepted" if init and shape else "Accepted"
    return (
        f"{got}: a value initializer without shape= (the value gives the shape), or "
        f"tf.constant_initializer(value) with shape=."
    )


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
    summary="A value `initializer=` together with `shape=`, or with a `dtype=` it does not have, raises ValueError.",
    what="""
Finds `get_variable(..., shape=..., initializer=<value>)` where the
initializer is a value (a tensor, list or number) rather than an
initializer object. TF raises `ValueError: If initializer is a constant, do
not specify shape.` Also finds a value initializer whose dtype is not the
explicit `dtype=` (`dtype=tf.int32, initializer=tf.constant(1.0)`): TF raises
`ValueError: Initializer type '<dtype: 'float32'>' and explicit dtype
'<dtype: 'int32'>' don't match.`
""",
    why="The value already fixes the shape and the dtype; TF refuses a redundant `shape=` even when they agree, and a `dtype=` that differs (it does not convert).",
    example="import tensorflow as tf\nw = tf.get_variable('w', shape=[3], initializer=[1.0, 2.0, 3.0])\n",
    use_instead="import tensorflow as tf\nw = tf.get_variable('w', initializer=[1.0, 2.0, 3.0])\n",
    fix_safety=(
        "Safe fix: `shape=` is removed when the analysis knows the value's shape and it equals the `shape=` given "
        "(`shape=[3], initializer=[1.0, 2.0, 3.0]`): TF then creates exactly the variable that was asked for. No "
        "fix when either shape is unknown (a tensor such as `tf.constant(...)` or a computed value) or they differ."
    ),
    limits="""
The dtype is compared only where it is certain: Python numbers and lists
(an int outside int32 is left alone: TF makes it int64), `tf.constant` of
such a literal, `tf.zeros` / `tf.ones`. NumPy arrays and other tensors are
not checked.
""",
    invalid=(
        Example(
            "import tensorflow as tf\nw = tf.get_variable('w', shape=[1, 2], initializer=tf.constant([[1.0, 2.0]]))\n",
            lines=(2,),
            tf_error="If initializer is a constant, do not specify shape.",
        ),
        Example(
            "import tensorflow as tf\nc = tf.get_variable('c', dtype=tf.int32, initializer=tf.constant(1.0))\n",
            lines=(2,),
            tf_error="Initializer type '<dtype: 'float32'>' and explicit dtype '<dtype: 'int32'>' don't match.",
        ),
        Example(
            "import tensorflow as tf\nv = tf.get_variable('v', dtype=tf.float32, initializer=[1, 2])\n",
            lines=(2,),
            tf_error="Initializer type '<dtype: 'int32'>' and explicit dtype '<dtype: 'float32'>' don't match.",
        ),
        Example(
            "import tensorflow as tf\nw = tf.get_variable('w', shape=[3], initializer=[1.0, 2.0, 3.0])  # keep\n",
            lines=(2,),
            tf_error="If initializer is a constant, do not specify shape.",
        ),
    ),
    valid=(
        "import tensorflow as tf\nw = tf.get_variable('w', shape=[1, 2], initializer=tf.constant_initializer(1.0))\n",
        "import tensorflow as tf\nc = tf.get_variable('c', dtype=tf.int32, initializer=tf.constant(1))\n"
        "d = tf.get_variable('d', dtype=tf.float32, initializer=tf.constant(1, dtype=tf.float32))\n"
        "e = tf.get_variable('e', dtype=tf.int64, initializer=2 ** 40)\n"
        "f = tf.get_variable('f', dtype=tf.float32, initializer=tf.zeros([2]))\n",
    ),
    fix=fix,
    check=checker(ArgumentError.CONSTANT_INITIALIZER_WITH_SHAPE, hint, also=(ArgumentError.INITIALIZER_DTYPE,)),
)
