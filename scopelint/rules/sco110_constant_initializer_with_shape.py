"""SCO110 constant-initializer-with-shape: a value `initializer=` together with `shape=`, or with a `dtype=` it does not have, raises ValueError."""

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import argument, checker
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
    ),
    valid=(
        "import tensorflow as tf\nw = tf.get_variable('w', shape=[1, 2], initializer=tf.constant_initializer(1.0))\n",
        "import tensorflow as tf\nc = tf.get_variable('c', dtype=tf.int32, initializer=tf.constant(1))\n"
        "d = tf.get_variable('d', dtype=tf.float32, initializer=tf.constant(1, dtype=tf.float32))\n"
        "e = tf.get_variable('e', dtype=tf.int64, initializer=2 ** 40)\n"
        "f = tf.get_variable('f', dtype=tf.float32, initializer=tf.zeros([2]))\n",
    ),
    check=checker(ArgumentError.CONSTANT_INITIALIZER_WITH_SHAPE, hint, also=(ArgumentError.INITIALIZER_DTYPE,)),
)
