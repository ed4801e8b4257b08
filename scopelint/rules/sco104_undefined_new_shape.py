"""SCO104 undefined-new-shape: a new variable without a fully defined shape."""

from scopelint.engine.events import Outcome
from scopelint.rules._report import certain, site
from scopelint.rules.base import Example, Rule


def check(analysis):
    for ev in analysis.events:
        if ev.outcome is not Outcome.NOSHAPE or not certain(ev):
            continue
        yield (
            site(analysis, ev),
            (
                f"{ev.message} The variable is new here, so `shape` must be given "
                f"(or a value `initializer=` that carries it)."
            ),
        )


RULE = Rule(
    code="SCO104",
    name="undefined-new-shape",
    summary="`get_variable` creates a new variable without a fully defined shape and without a value initializer.",
    what="""
Finds `get_variable` calls that *create* a variable (the scope does not
reuse, or the name is new under `AUTO_REUSE`) with no `shape`, or a shape
with unknown (`None`) dimensions, and no value initializer to take the shape
from. TF 2.x raises ``ValueError: Variable w did not get an initializer, so
its `shape` argument must be specified.``; late TF 1.x raises
`The initializer passed is not valid...`.
""",
    why="""
Omitting the shape is right when the call reuses an existing variable; it is
an error when the call ends up creating one, typically because the reuse
flag the author relied on is not in effect.
""",
    example="""
import tensorflow as tf
with tf.variable_scope('enc'):
    w = tf.get_variable('w')  # SCO104: nothing to reuse, nothing gives a shape
""",
    use_instead="""
import tensorflow as tf
with tf.variable_scope('enc'):
    w = tf.get_variable('w', shape=[128, 64])
""",
    limits=(
        "Silent when the initializer is an expression the analysis cannot classify (it may be a tensor, which "
        "carries a shape). A `None` dimension is reported only when TF certainly has it: a placeholder's "
        "`None` read back with `x.get_shape()[0]` (or through ops that keep it), never a dimension the "
        "analysis merely does not know."
    ),
    invalid=(
        Example(
            """import tensorflow as tf
w = tf.get_variable('w')
""",
            lines=(2,),
            tf_error="Variable w did not get an initializer, so its `shape` argument must be specified.",
        ),
        Example(
            """import tensorflow as tf
with tf.variable_scope('s', reuse=tf.AUTO_REUSE):
    b = tf.get_variable('b', initializer=tf.constant_initializer(1.0))
""",
            lines=(3,),
            tf_error="The initializer passed is not valid.",
        ),
        Example(
            """import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 784])
pos = tf.get_variable('pos', [x.get_shape()[0], 784], initializer=tf.zeros_initializer())
""",
            lines=(3,),
            tf_error="The initializer passed is not valid.",
        ),
    ),
    valid=(
        """import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 784])
w = tf.get_variable('w', [x.get_shape()[1], 10])
""",
        """import tensorflow as tf
a = tf.get_variable('a', initializer=tf.constant([[1.0, 2.0]]))
b = tf.get_variable('b', initializer=[1, 2, 3])
c = tf.get_variable('c', initializer=5.0)
d = tf.get_variable('d', shape=[4], initializer=tf.zeros_initializer())
""",
        """import tensorflow as tf
with tf.variable_scope('s'):
    w = tf.get_variable('w', shape=[2])
with tf.variable_scope('s', reuse=True):
    w = tf.get_variable('w')
""",
    ),
    check=check,
)
