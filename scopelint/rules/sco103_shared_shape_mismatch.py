"""SCO103 shared-shape-mismatch: sharing a variable with another shape or dtype."""

from scopelint.engine.events import Outcome
from scopelint.engine.shapes import render_shape
from scopelint.rules._report import certain, created_here, site, via
from scopelint.rules.base import Example, Rule


def _origin(ev, index: int) -> str:
    origins = ev.origins if ev is not None else None
    return f" (from {origins[index]})" if origins and origins[index] else ""


def _sides(ev) -> str:
    """'It was created at line 3 as float64 (from its initial value); this call asks for float32 (...)'."""
    first = ev.first
    if ev.outcome is Outcome.SHAPE:
        found, asked, index = render_shape(first.var_shape), render_shape(ev.var_shape), 0
        if not isinstance(first.var_shape, tuple) or not isinstance(ev.var_shape, tuple):
            return ""
        return f" with shape {found}{_origin(first, index)}; this call asks for shape {asked}{_origin(ev, index)}"
    if isinstance(first.var_dtype, str) and isinstance(ev.var_dtype, str):
        return f" as {first.var_dtype}{_origin(first, 1)}; this call asks for {ev.var_dtype}{_origin(ev, 1)}"
    return ""


def check(analysis):
    for ev in analysis.events:
        if ev.outcome not in (Outcome.SHAPE, Outcome.DTYPE) or not certain(ev):
            continue
        first = ev.first
        yield (
            site(analysis, ev),
            f"{ev.message} It was created at {via(analysis, first.stack)}{_sides(ev)}.",
            created_here(first),
        )


RULE = Rule(
    code="SCO103",
    name="shared-shape-mismatch",
    summary="A reused variable is requested with a shape or dtype that differs from the one it was created with.",
    what="""
Finds `get_variable` calls that return an existing variable (reuse) while
giving a `shape` incompatible with the stored one, or an explicit `dtype`
different from it. TF raises `ValueError: Trying to share variable X, but
specified shape (3, 2) and found shape (2, 3).` (or `specified dtype ...`).
""",
    why="""
Usually two code paths disagree on a layer size (train and test builders
with different configs). The message names the line where the variable was
first created with the other shape.
""",
    example="""
import tensorflow as tf
with tf.variable_scope('s'):
    tf.get_variable('w', shape=[2, 3])
with tf.variable_scope('s', reuse=True):
    tf.get_variable('w', shape=[3, 2])  # SCO103
""",
    use_instead="""
import tensorflow as tf
with tf.variable_scope('s'):
    tf.get_variable('w', shape=[2, 3])
with tf.variable_scope('s', reuse=True):
    tf.get_variable('w', shape=[2, 3])
""",
    limits=(
        "Shapes are compared when both are known: literal, or computed the way TF computes static shapes "
        "(`x.get_shape()[1]`, `np.prod(...)`, a layer's input; see docs/shapes.md). `None` dimensions are "
        "compatible with anything, as in TF. The dtype a variable was created with comes from `dtype=`, its "
        "value initializer (an int is int32, a numpy array float64 or int64) or the scope's default; a layer's "
        "variables (whose dtype follows its input) are not compared."
    ),
    invalid=(
        Example(
            """import tensorflow as tf
with tf.variable_scope('s'):
    tf.get_variable('w', shape=[2, 3])
with tf.variable_scope('s', reuse=True):
    tf.get_variable('w', shape=[3, 2])
""",
            lines=(5,),
            tf_error="Trying to share variable s/w, but specified shape (3, 2) and found shape (2, 3).",
        ),
        Example(
            """import tensorflow as tf
with tf.variable_scope('s'):
    tf.get_variable('w', shape=[1])
with tf.variable_scope('s', reuse=True):
    tf.get_variable('w', shape=[1], dtype=tf.int32)
""",
            lines=(5,),
            tf_error="Trying to share variable s/w, but specified dtype int32 and found dtype float32_ref.",
        ),
        Example(
            """import numpy as np
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 14, 14, 16])
flat = tf.reshape(x, [-1, int(np.prod(x.get_shape().as_list()[1:]))])
with tf.variable_scope('fc'):
    w = tf.get_variable('w', [flat.get_shape()[1], 10])
with tf.variable_scope('fc', reuse=True):
    w = tf.get_variable('w', [784, 10])
""",
            lines=(8,),
            tf_error="Trying to share variable fc/w, but specified shape (784, 10) and found shape (3136, 10).",
        ),
        Example(
            """import numpy as np
import tensorflow as tf
with tf.variable_scope('fc'):
    scale = tf.get_variable('scale', initializer=np.ones(10))
with tf.variable_scope('fc', reuse=True):
    scale = tf.get_variable('scale', [10])
""",
            lines=(6,),
            tf_error="Trying to share variable fc/scale, but specified dtype float32 and found dtype float64_ref.",
        ),
    ),
    valid=(
        """import tensorflow as tf
with tf.variable_scope('s'):
    a = tf.get_variable('w', shape=[2, 3])
with tf.variable_scope('s', reuse=True):
    b = tf.get_variable('w', shape=[None, 3])
    c = tf.get_variable('w')
""",
    ),
    check=check,
)
