"""SCO111 invalid-scope-name: a scope or variable name TF's name check rejects."""

import re

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import checker
from scopelint.rules.base import Example, Rule


def hint(ev):
    name = ev.value
    if (ev.message or "").startswith("name for name_scope"):
        return (
            f"Got {name!r}; TF2's name_scope accepts a string only (no default_name): pass a name, or use "
            f"tf.compat.v1.name_scope(None, default_name=...)."
        )
    if not isinstance(name, str):
        return ""
    fixed = re.sub(r"[^A-Za-z0-9_.\\/>-]", "_", name)
    if "root" in (ev.message or ""):
        fixed = fixed.lstrip("_-/>\\")
    if not fixed or fixed == name:
        return ""
    return f"Got {name!r}; for example {fixed!r} is accepted."


RULE = Rule(
    code="SCO111",
    name="invalid-scope-name",
    summary="A scope or variable name contains characters TensorFlow rejects (spaces, `:`, ...).",
    what="""
Finds literal names given to `tf.name_scope`, `tf.variable_scope`,
`tf.get_variable` and `tf.Variable` that fail TF's name check: at the root a
name must match `^[A-Za-z0-9.][A-Za-z0-9_.\\\\/>-]*$`, nested names
`^[A-Za-z0-9_.\\\\/>-]*$`. TF raises `ValueError: 'a b' is not a valid root
scope name. ...` (or `... is not a valid scope name`). TF2's
`tf.compat.v2.name_scope(None)` (or a number) raises `ValueError: name for
name_scope must be a string.`
""",
    why="Names built for display (`'layer 1'`, `'fc:0'`) fail only when the graph is built.",
    example="""
import tensorflow as tf
with tf.variable_scope('conv layer'):  # SCO111
    pass
""",
    use_instead="""
import tensorflow as tf
with tf.variable_scope('conv_layer'):
    pass
""",
    limits="Only names the analysis knows completely are checked.",
    invalid=(
        Example(
            """import tensorflow as tf
w = tf.get_variable('a b', shape=[1])
""",
            lines=(2,),
            tf_error="'a b' is not a valid root scope name.",
        ),
        Example(
            """import tensorflow as tf
with tf.variable_scope('outer'):
    with tf.name_scope('x:y'):
        pass
""",
            lines=(3,),
            tf_error="'x:y' is not a valid scope name.",
        ),
        Example(
            """import tensorflow as tf
with tf.compat.v2.name_scope(None):
    v = tf.Variable(0.0, name='v')
""",
            lines=(2,),
            tf_error="name for name_scope must be a string.",
        ),
    ),
    valid=(
        """import tensorflow as tf
with tf.variable_scope('outer'):
    with tf.name_scope('_inner-1.a'):
        v = tf.Variable(0.0, name='v.1')
""",
        """import tensorflow as tf
with tf.name_scope(None):
    v = tf.Variable(0.0, name='v')
with tf.compat.v2.name_scope('block'):
    w = tf.Variable(0.0, name='w')
""",
    ),
    check=checker(ArgumentError.INVALID_SCOPE_NAME, hint),
)
