"""SCO101 duplicate-variable: creating a variable that already exists."""

from scopelint.engine.events import Outcome
from scopelint.engine.values import render
from scopelint.rules._fixes import (
    UNSAFE,
    Proposal,
    api_of,
    auto_reuse,
    is_literal,
    keyword,
    plain_call,
    tf_module_alias,
    with_keyword,
)
from scopelint.rules._report import certain, divergence, via
from scopelint.rules.base import Example, Rule


def check(analysis):
    for ev in analysis.events:
        if ev.outcome is not Outcome.EXISTS or not certain(ev):
            continue
        first = ev.first
        node = divergence(ev.stack, first.stack)
        loop = ev.second_pass
        if loop is not None and first.stack == ev.stack:
            yield (
                ev.loop_call,
                (
                    f"Variable {render(ev.key)} already exists, disallowed. It fails from the second iteration on: "
                    f"the loop at {analysis.where(loop)} runs over an iterable of unknown length and every pass "
                    f"creates it at {via(analysis, ev.stack)} in a scope that does not reuse; pass reuse=(i > 0) "
                    f"(or tf.AUTO_REUSE) to share it, or give each iteration its own name."
                ),
            )
            continue
        yield (
            node,
            (
                f"Variable {render(ev.key)} already exists, disallowed. "
                f"It was created at {via(analysis, first.stack)} and is created again at {via(analysis, ev.stack)} "
                f"in a scope that does not reuse; pass reuse=True (or tf.AUTO_REUSE) to share it, or use another name."
            ),
        )


def _auto_reuse_edit(analysis, call):
    """`reuse=<alias>.AUTO_REUSE` on a `variable_scope(name)` call of this
    file that passes no reuse (or a literal False/None); None otherwise."""
    if call is None or analysis.file_of(call) is not None or api_of(analysis, call) != "variable_scope":
        return None
    alias = tf_module_alias(analysis, call)
    arg = keyword(call, "reuse")
    if alias is None or not plain_call(call, 8) or (arg is not None and not is_literal(arg.value, "False", "None")):
        return None
    return (call, with_keyword(call, "reuse", auto_reuse(alias)))


def _same_known_shape(a, b) -> bool:
    return isinstance(a, tuple) and a == b and all(isinstance(d, int) and not isinstance(d, bool) for d in a)


def fix(analysis):
    for ev in analysis.events:
        if ev.outcome is not Outcome.EXISTS or not certain(ev):
            continue
        edit = _auto_reuse_edit(analysis, ev.scope_call)
        if edit is None or not _same_known_shape(ev.given_shape, ev.first.given_shape):
            continue  # sharing a variable of another (or an unknown) shape would raise
        loop = ev.second_pass is not None and ev.first.stack == ev.stack
        at = ev.loop_call if loop else divergence(ev.stack, ev.first.stack)
        yield Proposal(
            at,
            f"Share {render(ev.key)}: reuse=AUTO_REUSE on the variable_scope at {analysis.where(ev.scope_call)}",
            UNSAFE,
            f"the second creation of {render(ev.key)} now returns the existing variable (shared weights) instead of "
            f"raising, and so does every later get_variable of an existing name in that scope",
            (edit,),
        )


RULE = Rule(
    code="SCO101",
    name="duplicate-variable",
    summary="`get_variable` (or a layer) creates a variable whose name already exists, so TensorFlow raises.",
    what="""
Finds calls that create a variable through the variable store
(`tf.get_variable`, `tf.layers.*`, RNN cells, slim) whose full name already
exists in the graph while the enclosing variable scope does not reuse. TF
raises `ValueError: Variable X already exists, disallowed.`

The most common causes: a model-building function called twice (train/test,
GAN generator, siamese towers) without `reuse`; a loop whose body creates the
same name on every pass; two `tf.name_scope` blocks (which do not separate
`get_variable` names); a notebook cell run twice.
""",
    why="""
The error arrives only when the graph is built, often after minutes of data
loading, and inside a library call far from the line that needs changing.
When the same function is called twice, scopelint reports the second call
site (where `reuse` must be passed) and names the line of the first
creation.
""",
    example="""
import tensorflow as tf

def layer(x):
    with tf.variable_scope('fc'):
        w = tf.get_variable('w', shape=[3, 3])
        return tf.matmul(x, w)

x = tf.placeholder(tf.float32, [None, 3])
y = layer(x)
z = layer(y)  # SCO101: Variable fc/w already exists, disallowed.
""",
    use_instead="""
import tensorflow as tf

def layer(x, reuse=None):
    with tf.variable_scope('fc', reuse=reuse):
        w = tf.get_variable('w', shape=[3, 3])
        return tf.matmul(x, w)

x = tf.placeholder(tf.float32, [None, 3])
y = layer(x)
z = layer(y, reuse=True)
""",
    fix_safety=(
        "Unsafe fix (`--unsafe-fixes`): adds `reuse=<tf>.AUTO_REUSE` to the `variable_scope(name)` call that opened "
        "the scope the second creation runs in (written with the file's own alias, e.g. `tf1.AUTO_REUSE`), when that "
        "call is in the file, names its scope and passes no `reuse` (or a literal `False`/`None`). The second creation "
        "then shares the first variable instead of raising: sharing changes. No fix when the scope is the root, a "
        "`default_name` scope, a layer's own scope or a `name_scope` (another name may be meant), nor when the result "
        "would raise another error at the same line (e.g. a shape mismatch)."
    ),
    limits="""
Only variables whose full names the analysis knows are compared; a name built
from a runtime value (`'layer_' + str(n)` with `n` unknown) is never reported.
A loop over an iterable of unknown length (`for fold in kfold.split(X)`,
`for i in range(FLAGS.n)`, a `while` loop) is assumed to run at least
twice when its body creates a variable: the finding says it fails from the
second iteration on. A loop meant to run exactly once is the rare case;
silence it with `# noqa: SCO101`.
""",
    invalid=(
        Example(
            """import tensorflow as tf
with tf.variable_scope('s'):
    w = tf.get_variable('w', shape=[1])
with tf.variable_scope('s'):
    w = tf.get_variable('w', shape=[1])
""",
            lines=(5,),
            tf_error="Variable s/w already exists, disallowed.",
        ),
        Example(
            """import tensorflow as tf
with tf.name_scope('V1'):
    a1 = tf.get_variable(name='a1', shape=[1], initializer=tf.constant_initializer(1))
with tf.name_scope('V2'):
    a2 = tf.get_variable(name='a1', shape=[1], initializer=tf.constant_initializer(1))
""",
            lines=(5,),
            tf_error="Variable a1 already exists, disallowed.",
        ),
        Example(
            """import tensorflow as tf

def layer(x):
    with tf.variable_scope('fc'):
        w = tf.get_variable('w', shape=[3, 3])
        return tf.matmul(x, w)

x = tf.placeholder(tf.float32, [None, 3])
y = layer(x)
z = layer(y)
""",
            lines=(10,),
            tf_error="Variable fc/w already exists, disallowed.",
        ),
        Example(
            """import tensorflow as tf
for i in range(2):
    w = tf.get_variable('w', shape=[3, 3])
""",
            lines=(3,),
            tf_error="Variable w already exists, disallowed.",
        ),
        Example(
            """import numpy as np
import tensorflow as tf

data = np.arange(10.0)
for fold in np.array_split(data, 5):
    print(fold.mean())
    w = tf.get_variable('w', shape=[3, 3])
""",
            lines=(7,),
            tf_error="Variable w already exists, disallowed.",
        ),
    ),
    valid=(
        """import tensorflow as tf
with tf.variable_scope('s'):
    w = tf.get_variable('w', shape=[1])
with tf.variable_scope('s', reuse=True):
    w2 = tf.get_variable('w', shape=[1])
""",
        """import tensorflow as tf
for i in range(3):
    with tf.variable_scope('layer%d' % i):
        w = tf.get_variable('w', shape=[3, 3])
for i in range(2):
    with tf.variable_scope('shared', reuse=(i > 0)):
        w = tf.get_variable('w', shape=[3, 3])
""",
        """import tensorflow as tf

def layer(x, name):
    with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
        return tf.get_variable('w', shape=[3])

layer(1, 'a')
layer(2, 'a')
""",
        """import tensorflow as tf
tf.get_variable('w', shape=[1])
tf.reset_default_graph()
tf.get_variable('w', shape=[1])
""",
        """import numpy as np
import tensorflow as tf

data = np.arange(10.0)
for i, fold in enumerate(np.array_split(data, 5)):
    with tf.variable_scope('fold_%d' % i):
        w = tf.get_variable('w', shape=[3, 3])
for fold in np.array_split(data, 5):
    with tf.variable_scope('shared', reuse=tf.AUTO_REUSE):
        v = tf.get_variable('v', shape=[3, 3])
""",
        """import tensorflow as tf
try:
    w = tf.get_variable('w', shape=[1])
    w = tf.get_variable('w', shape=[1])
except ValueError:
    pass
""",
    ),
    check=check,
    fix=fix,
)
