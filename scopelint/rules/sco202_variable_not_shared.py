"""SCO202 variable-not-shared: tf.Variable inside a reusing scope makes a new variable."""

import libcst as cst

from scopelint.engine.events import Kind, Outcome
from scopelint.engine.model import reuse_truthy
from scopelint.engine.values import AUTO_REUSE, render
from scopelint.rules._fixes import UNSAFE, Proposal, api_of, keyword, plain_call, tf_module_alias, with_keyword
from scopelint.rules._report import certain, site
from scopelint.rules.base import Example, Rule


def _renamed_rerun(analysis, ev) -> bool:
    """Did this same tf.Variable call already make a variable of another
    (known) name, so that this run got a uniquified one (`s_1/v`)?"""
    for other in analysis.events:
        if other is ev:
            return False
        if (
            other.node is ev.node
            and other.kind is Kind.VARIABLE
            and other.outcome is Outcome.CREATE
            and isinstance(other.name, str)
            and isinstance(ev.name, str)
            and other.name != ev.name
        ):
            return True
    return False


def _reported(analysis):
    """The tf.Variable events the rule reports."""
    for ev in analysis.events:
        if ev.kind is not Kind.VARIABLE or ev.outcome is not Outcome.CREATE or not certain(ev):
            continue
        reuse = ev.reuse
        if reuse is AUTO_REUSE:
            # AUTO_REUSE mostly lets a block run again; a tf.Variable there
            # is a surprise only once it does run again and gets a new name.
            if not _renamed_rerun(analysis, ev):
                continue
        elif reuse_truthy(reuse) is not True:
            continue
        yield ev


def check(analysis):
    for ev in _reported(analysis):
        cause = ev.scope_cause
        since = f" (reuse switched on at {analysis.where(cause)})" if cause is not None else ""
        yield (
            site(analysis, ev),
            (
                f"tf.Variable ignores reuse: this creates a new variable '{render(ev.name)}:0' in a reusing scope{since} "
                f"instead of sharing one; use tf.get_variable to share it."
            ),
        )


_VARIABLE_KEYWORDS = {"initial_value", "name", "dtype", "trainable"}


def _as_get_variable(analysis, call):
    """`X.get_variable('n', initializer=v, ...)` for `X.Variable(v, name='n', ...)`; None if not that simple."""
    if not isinstance(call, cst.Call) or api_of(analysis, call) != "Variable" or not plain_call(call, 1):
        return None
    alias = tf_module_alias(analysis, call)
    name = keyword(call, "name")
    if alias is None or name is None or not isinstance(name.value, cst.SimpleString):
        return None
    if any(a.keyword is not None and a.keyword.value not in _VARIABLE_KEYWORDS for a in call.args):
        return None
    value = call.args[0].value if call.args and call.args[0].keyword is None else None
    given = keyword(call, "initial_value")
    value = value if value is not None else (given.value if given is not None else None)
    if value is None or isinstance(value, cst.Lambda):
        return None
    new = cst.Call(func=cst.Attribute(value=alias, attr=cst.Name("get_variable")), args=[cst.Arg(name.value)])
    new = with_keyword(new, "initializer", value)
    for kw in ("dtype", "trainable"):
        arg = keyword(call, kw)
        if arg is not None:
            new = with_keyword(new, kw, arg.value)
    if keyword(call, "dtype") is None and _integers(value):
        # tf.Variable(0) is int32; get_variable asks for the scope's float32 when it reuses.
        new = with_keyword(new, "dtype", cst.Attribute(value=alias.deep_clone(), attr=cst.Name("int32")))
    return new


def _integers(value) -> bool:
    if isinstance(value, cst.Integer):
        return True
    return isinstance(value, cst.List) and bool(value.elements) and all(_integers(e.value) for e in value.elements)


def fix(analysis):
    for ev in _reported(analysis):
        new = _as_get_variable(analysis, ev.node) if analysis.file_of(ev.node) is None else None
        if new is None:
            continue
        yield Proposal(
            site(analysis, ev),
            "Use get_variable instead of Variable, so that the reusing scope shares it",
            UNSAFE,
            f"the variable goes through the variable store: where this line runs again it shares "
            f"{render(ev.name)} instead of making a renamed copy; a run in a reusing scope before any creation raises",
            ((ev.node, new),),
        )


RULE = Rule(
    code="SCO202",
    name="variable-not-shared",
    summary="`tf.Variable` inside a reusing variable scope creates a new, uniquified variable instead of sharing.",
    what="""
Finds `tf.Variable(...)` calls in a variable scope whose reuse flag is on
(`reuse=True`, after `scope.reuse_variables()`), and `tf.Variable` calls in
a `tf.AUTO_REUSE` scope that run a second time and get a new name there.
`tf.Variable` never consults the variable store: each call makes a new
variable, renamed `var4_1`, `var4_2`, ... (or put under the scope's next
name scope, `s_1/v`) if the name is taken.
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
    fix_safety=(
        "Unsafe fix (`--unsafe-fixes`): `<tf>.Variable(value, name='n', dtype=..., trainable=...)` becomes "
        "`<tf>.get_variable('n', initializer=value, ...)` (an integer value gets `dtype=<tf>.int32`, as tf.Variable "
        "infers), so that a reusing scope shares it. The variable then lives in the variable store and is "
        "shared instead of copied: names and sharing change. Only for a literal name and no other arguments, and "
        "not when the result would raise (a first run already in a reusing scope finds nothing to share)."
    ),
    limits=(
        "Reported only when the scope's reuse flag is certainly on. Under `tf.AUTO_REUSE` (often there only "
        "so that a block may run again) a `tf.Variable` that runs once is not reported; one that runs again "
        "is reported where it gets its new name."
    ),
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
        Example(
            """import tensorflow as tf
def counter():
    with tf.variable_scope('stats', reuse=tf.AUTO_REUSE):
        w = tf.get_variable('w', shape=[1])
        return tf.Variable(0, name='count', trainable=False)
a = counter()
b = counter()
""",
            lines=(7,),
            tf_name="stats_1/count:0",
        ),
    ),
    valid=(
        """import tensorflow as tf
with tf.variable_scope('s'):
    v = tf.Variable(0.0, name='v')
global_step = tf.Variable(0, trainable=False, name='global_step')
""",
        """import tensorflow as tf
def collect(batch):
    with tf.variable_scope('collect', reuse=tf.AUTO_REUSE):
        w = tf.get_variable('w', shape=[1])
        should_reset = tf.Variable(True, trainable=False)
        return should_reset
flag = collect(None)
""",
    ),
    check=check,
    fix=fix,
)
