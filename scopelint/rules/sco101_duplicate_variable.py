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
from scopelint.rules._report import certain, created_here, divergence, first_divergence, via
from scopelint.rules.base import Example, Rule


def check(analysis):
    for ev in analysis.events:
        if ev.outcome is not Outcome.EXISTS or not certain(ev):
            continue
        first = ev.first
        node = divergence(ev.stack, first.stack)
        exists = f"Variable {render(ev.key)} already exists, disallowed."
        notes = created_here(first)
        loop = ev.second_pass
        if loop is not None and first.stack == ev.stack:
            yield (
                ev.loop_call,
                (
                    f"{exists} It fails from the second iteration on: the loop at {analysis.where(loop)} runs over "
                    f"an iterable of unknown length and every pass creates it at {via(analysis, ev.stack)} in a scope "
                    f"that does not reuse; {_loop_hint(analysis, ev)}"
                ),
                notes
                + ((loop, "loop here"),)
                + (((ev.scope_node, "variable scope opened here"),) if ev.scope_node else ()),
            )
            continue
        again = f"It was created at {via(analysis, first.stack)} and is created again at {via(analysis, ev.stack)}"
        hint, more = _hint(analysis, ev, first, node)
        yield node, f"{exists} {again} in a scope that does not reuse; {hint}", notes + more


def _loop_hint(analysis, ev) -> str:
    scope = ev.scope_node
    where = (
        f"to the variable_scope at {analysis.where(scope)}" if scope is not None else "to a variable_scope around it"
    )
    return (
        f"pass reuse=(i > 0) {where} (or tf.AUTO_REUSE) to share it across iterations, "
        f"or give each iteration its own name (tf.variable_scope('layer_%d' % i))."
    )


def _hint(analysis, ev, first, node):
    """What to change, after the cause: two name scopes, a loop, a builder called twice, or two blocks."""
    ns, first_ns = ev.ns_only, first.ns_only
    scope = ev.scope_node
    scope_note = ((scope, "variable scope opened here"),) if scope is not None else ()
    if ns is not None and first_ns is not None and ns[0] is not first_ns[0]:
        # tf.name_scope does not prefix get_variable names: the two blocks collide.
        return (
            f"tf.name_scope (line {analysis.line(first_ns[0])} and {analysis.where(ns[0])}) does not prefix "
            f"get_variable names: use tf.variable_scope there to give each block its own variables, "
            f"or tf.variable_scope(..., reuse=True) to share them.",
            ((first_ns[0], "name scope opened here"), (ns[0], "name scope opened here")),
        )
    if len(first.stack) == len(ev.stack) and all(a is b for a, b in zip(first.stack, ev.stack)):
        return "the same call runs again (a loop): " + _loop_hint(analysis, ev), scope_note
    earlier = first_divergence(first.stack, ev.stack)
    if earlier is not None and node is not ev.stack[-1]:
        # The same code reached through a second call: the fix belongs to this call.
        notes = ((earlier, "first call here"),) + scope_note
        if scope is None:
            return (
                "the code is called a second time here: wrap this call in "
                "tf.variable_scope(tf.get_variable_scope(), reuse=True) (or tf.AUTO_REUSE) to share the variables, "
                "or in a variable_scope of its own.",
                notes,
            )
        if scope is first.scope_node:  # the scope is opened inside the code called twice
            return (
                f"the code is called a second time here: pass reuse=True for this call to the variable_scope at "
                f"{analysis.where(scope)} (e.g. through a reuse parameter; or tf.AUTO_REUSE) to share the variables, "
                f"or give this call another scope name.",
                notes,
            )
    if scope is None:
        return (
            "open a tf.variable_scope(..., reuse=True) (or tf.AUTO_REUSE) around the second creation to share it, "
            "or use another name.",
            (),
        )
    return (
        f"pass reuse=True to the variable_scope at {analysis.where(scope)} (or tf.AUTO_REUSE) to share it, "
        f"or use another scope name.",
        scope_note,
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
            key=ev.key,
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
site (where `reuse` must be passed), names the line of the first creation
and the `variable_scope` whose `reuse` decides it. The advice follows the
cause: `reuse=(i > 0)` for a loop, `tf.variable_scope` for two
`tf.name_scope` blocks (which do not separate `get_variable` names),
`reuse=True` for the second call of a builder.
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
        "the scope the second creation runs in, or the one a layer's own scope inherits reuse from (written with the "
        "file's own alias, e.g. `tf1.AUTO_REUSE`), when that call is in the file and passes no `reuse` (or a literal "
        "`False`/`None`), and both creations ask for the same known shape. The second creation then shares the first "
        "variable instead of raising: sharing changes. No fix when the scope is the root or a `name_scope` (another "
        "name may be meant), nor when scopelint predicts the result would still raise for that variable."
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
