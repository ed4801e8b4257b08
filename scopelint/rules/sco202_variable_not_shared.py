"""SCO202 variable-not-shared: tf.Variable inside a reusing scope makes a new variable."""

from scopelint.engine.model import reuse_truthy
from scopelint.engine.values import render
from scopelint.rules._report import certain, site
from scopelint.rules.base import Example, Rule


def check(analysis):
    for ev in analysis.events:
        if ev.kind != "Variable" or ev.outcome != "create" or not certain(ev):
            continue
        if reuse_truthy(ev.detail.get("reuse")) is not True:
            continue
        cause = ev.detail.get("scope_cause")
        since = f" (reuse switched on at line {analysis.line(cause)})" if cause is not None else ""
        yield site(analysis, ev), (
            f"tf.Variable ignores reuse: this creates a new variable '{render(ev.name)}:0' in a reusing scope{since} "
            f"instead of sharing one; use tf.get_variable to share it."
        )


RULE = Rule(
    code="SCO202",
    name="variable-not-shared",
    summary="`tf.Variable` inside a reusing variable scope creates a new, uniquified variable instead of sharing.",
    what="""
Finds `tf.Variable(...)` calls in a variable scope whose reuse flag is on
(`reuse=True`, `tf.AUTO_REUSE`, after `scope.reuse_variables()`).
`tf.Variable` never consults the variable store: each call makes a new
variable, renamed `var4_1`, `var4_2`, ... if the name is taken.
""",
    why="""
Code that is meant to share weights between a training and a test graph
silently gets two independent copies; the test graph then evaluates
untrained weights.
""",
    example="""
import tensorflow as tf
with tf.variable_scope('a_variable_scope') as scope:
    var4 = tf.Variable(name='var4', initial_value=[4.0])
    scope.reuse_variables()
    var4_reuse = tf.Variable(name='var4', initial_value=[4.0])  # SCO202: a_variable_scope/var4_1:0
""",
    use_instead="""
import tensorflow as tf
with tf.variable_scope('a_variable_scope') as scope:
    var4 = tf.get_variable('var4', initializer=[4.0])
    scope.reuse_variables()
    var4_reuse = tf.get_variable('var4')  # the same variable
""",
    fix_safety="Switching to `tf.get_variable` changes how the variable is initialised and named; review checkpoints.",
    limits="Reported only when the scope's reuse flag is certainly on.",
    invalid=(
        Example(
            """import tensorflow as tf
with tf.variable_scope("a_variable_scope") as scope:
    initializer = tf.constant_initializer(value=3)
    var3 = tf.get_variable(name='var3', shape=[1], dtype=tf.float32, initializer=initializer)
    scope.reuse_variables()
    var3_reuse = tf.get_variable(name='var3',)
    var4 = tf.Variable(name='var4', initial_value=[4], dtype=tf.float32)
    var4_reuse = tf.Variable(name='var4', initial_value=[4], dtype=tf.float32)
""",
            lines=(7, 8),
            tf_name="a_variable_scope/var4_1:0",
        ),
    ),
    valid=(
        """import tensorflow as tf
with tf.variable_scope('s'):
    v = tf.Variable(0.0, name='v')
global_step = tf.Variable(0, trainable=False, name='global_step')
""",
    ),
    check=check,
)
