"""The oracle itself (tests/oracle/): what it records, how it survives bad programs,
and how compare() judges scopelint's predictions.

The rule programs and expectations are copied from tests/data/tf1-semantics.md
("Observed" blocks). Records are checked field by field as tuples
``(name, api, via, lines, graph, run)`` for created variables and
``(name, via, lines, graph, run)`` for reused ones.
"""

from __future__ import annotations

from scopelint.results import Finding, LintResult, NameRecord
from tests.oracle.client import OracleResult, oracle_unavailable_reason
from tests.oracle.compare import (
    Comparison,
    compare,
    contains_with_wildcards,
    first_sentence,
    name_matches,
)

ALREADY = "already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?"


def created(result):
    return [(e["name"], e["api"], e["via"], e["lines"], e["graph"], e["run"]) for e in result.created]


def reused(result):
    return [(e["name"], e["via"], e["lines"], e["graph"], e["run"]) for e in result.reused]


def error(result):
    """(type, lines, run, message without TF's ' Originally defined at:' tail) or None."""
    e = result.error
    if e is None:
        return None
    return (e["type"], e["lines"], e["run"], e["message"].split(" Originally defined at:")[0])


def GV(name, lines, via=None, graph=0, run=1):
    return (name, "get_variable", via, lines, graph, run)


def VAR(name, lines, via=None, graph=0, run=1):
    return (name, "Variable", via, lines, graph, run)


def R(name, lines, via=None, graph=0, run=1):
    return (name, via, lines, graph, run)


# ---------------------------------------------------------------------------
# Rules of the semantics notes, field by field
# ---------------------------------------------------------------------------


def test_worker_crash_is_survived(oracle):
    # Early in the session: with the fixture's spare worker the replacement is
    # ready at once, and the next spare boots while the other tests run.
    starts = oracle.starts
    crash = oracle.run("import os\nos._exit(3)\n")
    assert crash.status == "crash" and not crash.judged
    assert "the oracle worker died" in crash.error["message"]
    assert oracle.run("import tensorflow as tf\nw = tf.get_variable('after_crash', [1])\n").status == "ok"
    assert oracle.starts == starts + 1


def test_rule5_tf1_style_import_name_scope_and_session(oracle):
    result = oracle.run('''\
import tensorflow as tf
with tf.name_scope("a_name_scope"):
    initializer = tf.constant_initializer(value=1)
    var1 = tf.get_variable(name='var1', shape=[1], dtype=tf.float32, initializer=initializer)
    var2 = tf.Variable(name='var2', initial_value=[2], dtype=tf.float32)
    var21 = tf.Variable(name='var2', initial_value=[2.1], dtype=tf.float32)
    var22 = tf.Variable(name='var2', initial_value=[2.2], dtype=tf.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(var1.name, sess.run(var1))
''')
    assert result.status == "ok"
    assert created(result) == [
        GV("var1:0", [4]),
        VAR("a_name_scope/var2:0", [5]),
        VAR("a_name_scope/var2_1:0", [6]),
        VAR("a_name_scope/var2_2:0", [7]),
    ]
    assert [e["key"] for e in result.created] == ["var1", None, None, None]
    assert reused(result) == []
    assert result.error is None
    assert result.printed == "var1:0 [1.]\n"


def test_rule8_reentering_by_string_with_reuse(oracle):
    result = oracle.run('''\
import tensorflow as tf
with tf.variable_scope('v_scope') as scope1:
    Weights1 = tf.get_variable('Weights', shape=[2, 3])
    bias1 = tf.Variable([0.52], name='bias')
with tf.variable_scope('v_scope', reuse=True) as scope2:
    Weights2 = tf.get_variable('Weights')
    bias2 = tf.Variable([0.52], name='bias')
    c = tf.constant(0, name='c')
print(Weights1 is Weights2, scope1 is scope2, scope2.name, scope2.original_name_scope, c.name)
''')
    assert created(result) == [GV("v_scope/Weights:0", [3]), VAR("v_scope/bias:0", [4]), VAR("v_scope_1/bias:0", [7])]
    assert reused(result) == [R("v_scope/Weights:0", [6])]
    assert result.reused[0]["key"] == "v_scope/Weights"
    assert result.error is None
    assert result.printed == "True False v_scope v_scope_1/ v_scope_1/c:0\n"


def test_rule10_store_key_and_actual_name_differ(oracle):
    result = oracle.run('''\
import tensorflow as tf
k = tf.constant(1.0, name='w')
with tf.variable_scope('s'):
    t = tf.Variable(0.0, name='u')
    u = tf.get_variable('u', shape=[1])
w = tf.get_variable('w', shape=[1])
with tf.variable_scope('Net'):
    n1 = tf.get_variable('x', shape=[1])
with tf.variable_scope('net'):
    n2 = tf.get_variable('x', shape=[1])
with tf.variable_scope('s', reuse=True):
    print(tf.get_variable('u') is u, u.name)
''')
    assert [(e["name"], e["key"], e["lines"]) for e in result.created] == [
        ("s/u:0", None, [4]),
        ("s/u_1:0", "s/u", [5]),
        ("w_1:0", "w", [6]),
        ("Net/x:0", "Net/x", [8]),
        ("net/x_1:0", "net/x", [10]),
    ]
    assert [(e["name"], e["key"], e["lines"]) for e in result.reused] == [("s/u_1:0", "s/u", [12])]
    assert result.error is None


def test_rule15_auto_reuse_nested_function_line_chains(oracle):
    result = oracle.run('''\
import tensorflow as tf
def f():
    with tf.variable_scope('m', reuse=tf.AUTO_REUSE) as sc:
        a = tf.get_variable('w', shape=[2])
        b = tf.Variable(0.0, name='t')
        with tf.variable_scope('inner') as inner:
            c = tf.get_variable('w', shape=[2])
    return sc, inner
sc, inner = f()
f()
print(sc.reuse, inner.reuse)
''')
    assert created(result) == [
        GV("m/w:0", [9, 4]),
        VAR("m/t:0", [9, 5]),
        GV("m/inner/w:0", [9, 7]),
        VAR("m_1/t:0", [10, 5]),
    ]
    assert reused(result) == [R("m/w:0", [10, 4]), R("m/inner/w:0", [10, 7])]
    # created and reused interleave in execution order through `seq`
    assert [e["name"] for e in result.events()] == [
        "m/w:0", "m/t:0", "m/inner/w:0", "m/w:0", "m_1/t:0", "m/inner/w:0"]
    assert result.error is None


def test_rule22_error_in_nested_call_and_full_message(oracle):
    result = oracle.run('''\
import tensorflow as tf
def layer(x):
    with tf.variable_scope('fc'):
        w = tf.get_variable('w', shape=[3, 3])
        return tf.matmul(x, w)
x = tf.placeholder(tf.float32, [None, 3])
y = layer(x)
z = layer(y)
''', filename="example.py")
    assert created(result) == [GV("fc/w:0", [7, 4])]
    assert result.status == "error"
    assert error(result) == ("ValueError", [8, 4], 1, f"Variable fc/w {ALREADY}")
    # verbatim, as in the notes: the oracle's own hook frames are not in TF's stack quote
    assert result.error["message"] == (
        f"Variable fc/w {ALREADY} Originally defined at:\n\n"
        '  File "example.py", line 4, in layer\n'
        '  File "example.py", line 7, in <module>\n'
    )
    assert result.error["origin"] == "library"


def test_rule33_default_name_counts_reset(oracle):
    result = oracle.run('''\
import tensorflow as tf
def block():
    with tf.variable_scope(None, default_name='blk') as s:
        w = tf.get_variable('w', shape=[1])
        return s.name
print(block(), block())
with tf.variable_scope('outer'):
    print(block(), block())
with tf.variable_scope('outer'):
    print(block())
''')
    assert created(result) == [
        GV("blk/w:0", [6, 4]),
        GV("blk_1/w:0", [6, 4]),
        GV("outer/blk/w:0", [8, 4]),
        GV("outer/blk_1/w:0", [8, 4]),
    ]
    assert error(result) == ("ValueError", [10, 4], 1, f"Variable outer/blk/w {ALREADY}")
    assert result.printed == "blk blk_1\nouter/blk outer/blk_1\n"


def test_rule42_layers_report_via(oracle):
    result = oracle.run('''\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
y = tf.layers.dense(x, 4)
z = tf.layers.dense(x, 4)
i = tf.placeholder(tf.float32, [None, 8, 8, 3])
c = tf.layers.conv2d(i, 4, 3)
print(y.name, z.name, c.name)
''')
    assert created(result) == [
        GV("dense/kernel:0", [3], "dense"),
        GV("dense/bias:0", [3], "dense"),
        GV("dense_1/kernel:0", [4], "dense"),
        GV("dense_1/bias:0", [4], "dense"),
        GV("conv2d/kernel:0", [6], "conv2d"),
        GV("conv2d/bias:0", [6], "conv2d"),
    ]
    assert result.error is None


def test_rule46_keras_layers_make_plain_variables(oracle):
    result = oracle.run('''\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
a = tf.layers.dense(x, 4)
b = tf.compat.v1.layers.dense(x, 4)
c = tf.keras.layers.Dense(4)(x)
d = tf.keras.layers.Dense(4)(x)
''')
    assert created(result) == [
        GV("dense/kernel:0", [3], "dense"),
        GV("dense/bias:0", [3], "dense"),
        GV("dense_1/kernel:0", [4], "dense"),
        GV("dense_1/bias:0", [4], "dense"),
        VAR("dense_2/kernel:0", [5], "Layer.__call__"),
        VAR("dense_2/bias:0", [5], "Layer.__call__"),
        VAR("dense_3/kernel:0", [6], "Layer.__call__"),
        VAR("dense_3/bias:0", [6], "Layer.__call__"),
    ]


def test_rule52_custom_getter(oracle):
    result = oracle.run('''\
import tensorflow as tf
def getter(getter, name, *args, **kwargs):
    print('getter sees', name)
    return getter(name + '_ema', *args, **kwargs)
with tf.variable_scope('s', custom_getter=getter):
    w = tf.get_variable('w', shape=[1])
    t = tf.Variable(0.0, name='t')
    with tf.variable_scope('inner'):
        u = tf.get_variable('u', shape=[1])
''')
    true_getter = "_VariableStore.get_variable.<locals>._true_getter"
    assert created(result) == [
        GV("s/w_ema:0", [6, 4], true_getter),
        VAR("s/t:0", [7]),
        GV("s/inner/u_ema:0", [9, 4], true_getter),
    ]
    assert result.printed == "getter sees s/w\ngetter sees s/inner/u\n"


def test_rule53_partitioned_variable(oracle):
    result = oracle.run('''\
import tensorflow as tf
with tf.variable_scope('s', partitioner=tf.fixed_size_partitioner(3)):
    w = tf.get_variable('emb', shape=[10, 4])
with tf.variable_scope('s', reuse=True):
    w2 = tf.get_variable('emb', shape=[10, 4])
print(type(w).__name__, w2 is w)
''')
    assert created(result) == [GV("s/emb/part_0:0", [3]), GV("s/emb/part_1:0", [3]), GV("s/emb/part_2:0", [3])]
    assert reused(result) == [R("s/emb", [5])]
    assert result.reused[0]["partitioned"] is True
    assert result.printed == "PartitionedVariable True\n"


def test_rule54_make_template_chains(oracle):
    result = oracle.run('''\
import tensorflow as tf
def fn(x):
    w = tf.get_variable('w', shape=[1])
    return x * w
t = tf.make_template('tmpl', fn)
a = t(tf.constant(1.0))
b = t(tf.constant(2.0))
t2 = tf.make_template('tmpl', fn)
c = t2(tf.constant(1.0))
print(a.name, b.name, c.name)
''')
    assert created(result) == [GV("tmpl/w:0", [6, 3]), GV("tmpl_1/w:0", [9, 3])]
    assert reused(result) == [R("tmpl/w:0", [7, 3])]
    assert result.printed == "tmpl/mul:0 tmpl_1/mul:0 tmpl_2/mul:0\n"


def test_rule57_graph_numbers(oracle):
    result = oracle.run('''\
import tensorflow as tf
w = tf.get_variable('w', shape=[1])
tf.get_variable_scope().reuse_variables()
tf.reset_default_graph()
w = tf.get_variable('w', shape=[1])
with tf.Graph().as_default():
    w = tf.get_variable('w', shape=[1])
    v = tf.Variable(0.0, name='v')
v2 = tf.Variable(0.0, name='v')
with tf.Graph().as_default():
    tf.reset_default_graph()
''')
    assert created(result) == [
        GV("w:0", [2]),
        GV("w:0", [5], graph=1),
        GV("w:0", [7], graph=2),
        VAR("v:0", [8], graph=2),
        VAR("v:0", [9], graph=1),
    ]
    assert error(result) == (
        "AssertionError", [11], 1,
        "Do not use tf.reset_default_graph() to clear nested graphs. "
        "If you need a cleared graph, exit the nesting and create a new graph.",
    )


def test_rule58_repeat_twice_in_one_graph(oracle):
    result = oracle.run('''\
import tensorflow as tf
v = tf.Variable(0.0, name='v')
y = tf.layers.dense(tf.zeros([1, 2]), 3)
w = tf.get_variable('w', shape=[1])
''', repeat=2)
    assert created(result) == [
        VAR("v:0", [2]),
        GV("dense/kernel:0", [3], "dense"),
        GV("dense/bias:0", [3], "dense"),
        GV("w:0", [4]),
        VAR("v_1:0", [2], run=2),
        GV("dense_1/kernel:0", [3], "dense", run=2),
        GV("dense_1/bias:0", [3], "dense", run=2),
    ]
    assert error(result) == ("ValueError", [4], 2, f"Variable w {ALREADY}")


def test_rule60_repeat_with_reset_gets_new_graphs(oracle):
    result = oracle.run('''\
import tensorflow as tf
tf.reset_default_graph()
w = tf.get_variable('w', shape=[1])
y = tf.layers.dense(tf.zeros([1, 2]), 3, name='fc')
''', repeat=2)
    assert created(result) == [
        GV("w:0", [3], graph=1),
        GV("fc/kernel:0", [4], "dense", graph=1),
        GV("fc/bias:0", [4], "dense", graph=1),
        GV("w:0", [3], graph=2, run=2),
        GV("fc/kernel:0", [4], "dense", graph=2, run=2),
        GV("fc/bias:0", [4], "dense", graph=2, run=2),
    ]
    assert result.error is None


def test_rule64_contrib_slim_fully_connected(oracle):
    result = oracle.run('''\
import tensorflow as tf
import tensorflow.contrib.slim as slim
x = tf.placeholder(tf.float32, [None, 3])
a = slim.fully_connected(x, 4)
b = slim.fully_connected(x, 4)
c = slim.fully_connected(x, 4, scope='fc')
d = slim.fully_connected(x, 4, scope='fc', reuse=True)
e = slim.fully_connected(x, 4, scope='fc')
''', contrib=True)
    fc = "fully_connected"
    assert created(result) == [
        GV("fully_connected/weights:0", [4], fc),
        GV("fully_connected/biases:0", [4], fc),
        GV("fully_connected_1/weights:0", [5], fc),
        GV("fully_connected_1/biases:0", [5], fc),
        GV("fc/weights:0", [6], fc),
        GV("fc/biases:0", [6], fc),
    ]
    assert reused(result) == [R("fc/weights:0", [7], fc), R("fc/biases:0", [7], fc)]
    assert error(result) == ("ValueError", [8], 1, f"Variable fc/weights {ALREADY}")


def test_rule67_contrib_model_variable(oracle):
    result = oracle.run('''\
import tensorflow as tf
slim = tf.contrib.slim
w = slim.model_variable('w', shape=[1])
with tf.variable_scope('s'):
    m = slim.variable('w', shape=[1])
print([x.name for x in slim.get_model_variables()])
w2 = slim.model_variable('w', shape=[1])
''', contrib=True)
    assert created(result) == [GV("w:0", [3], "model_variable"), GV("s/w:0", [5], "variable")]
    assert error(result) == ("ValueError", [7], 1, f"Variable w {ALREADY}")
    assert result.printed == "['w:0']\n"


def test_rule68_no_contrib_without_the_flag(oracle):
    result = oracle.run('''\
import tensorflow as tf
init = tf.contrib.layers.xavier_initializer()
''')
    assert result.created == []
    assert error(result) == ("AttributeError", [2], 1, "module 'tensorflow' has no attribute 'contrib'")
    assert result.error["origin"] == "program"


# ---------------------------------------------------------------------------
# Imports, stdout, exits, line chains
# ---------------------------------------------------------------------------


def test_import_spellings(oracle):
    result = oracle.run('''\
import tensorflow.compat.v1 as tf
from tensorflow.compat import v1 as tf1
from tensorflow.python.ops import variable_scope as vs
import tensorflow.python.ops.variable_scope as vs2
import tensorflow
import tf_slim as slim
print(tf is tf1, vs is vs2, tensorflow.get_variable is tf.get_variable, tensorflow.compat.v1 is tf)
a = vs.get_variable('a', [1])
with tensorflow.variable_scope('t'):
    b = tf1.get_variable('b', [1])
c = slim.model_variable('c', shape=[1])
''')
    assert result.printed == "True True True True\n"
    assert created(result) == [GV("a:0", [8]), GV("t/b:0", [10]), GV("c:0", [11], "model_variable")]
    assert result.error is None


def test_contrib_import_spellings(oracle):
    result = oracle.run('''\
import tensorflow as tf
from tensorflow.contrib import slim
from tensorflow.contrib import rnn
from tensorflow.contrib.layers import xavier_initializer, fully_connected
from tensorflow.contrib.framework import arg_scope, model_variable
import tensorflow.contrib.layers as layers
print(rnn.LSTMCell is tf.nn.rnn_cell.LSTMCell, fully_connected is slim.fully_connected,
      tf.contrib.rnn.static_rnn is tf.nn.static_rnn, layers.xavier_initializer is xavier_initializer)
w = model_variable('w', shape=[2, 2], initializer=xavier_initializer())
try:
    tf.contrib.seq2seq
except AttributeError as e:
    print(e)
''', contrib=True)
    assert result.error is None, result.describe()
    assert result.printed == (
        "True True True True\n"
        "module 'tensorflow.contrib' has no attribute 'seq2seq' (the scopelint oracle's tf.contrib shim "
        "maps only contrib.slim, contrib.layers, contrib.framework and contrib.rnn)\n"
    )
    assert created(result) == [GV("w:0", [9], "model_variable")]


def test_program_output_is_captured_and_cannot_break_the_protocol(oracle):
    result = oracle.run('''\
import os, sys
import tensorflow as tf
os.write(1, b"straight to file descriptor 1\\n")
print("hello")
sys.stdout.buffer.write(b"bytes\\n")
try:
    input()
except EOFError:
    print("no stdin")
''')
    assert result.status == "ok"
    assert result.printed == "hello\nbytes\nno stdin\n"
    assert oracle.run("import tensorflow as tf\nw = tf.get_variable('w', [1])\n").created[0]["name"] == "w:0"


def test_app_run_exit_is_recorded_not_an_error(oracle):
    source = '''\
import tensorflow as tf
tf.flags.DEFINE_integer('n', 3, 'size')
FLAGS = tf.flags.FLAGS
def main(_):
    print('n', FLAGS.n)
    tf.get_variable('w', [FLAGS.n])
if __name__ == '__main__':
    tf.app.run()
'''
    for text in (source, source + "# the same flag is defined again by the next program\n"):
        result = oracle.run(text)
        assert result.status == "exit"
        assert result.error is None
        assert result.exit == {"code": None, "lines": [8], "run": 1}
        assert created(result) == [GV("w:0", [8, 6])]
        assert result.printed == "n 3\n"


def test_syntax_and_program_errors(oracle):
    result = oracle.run("import tensorflow as tf\ndef f(:\n    pass\n")
    assert result.status == "error"
    assert result.error["type"] == "SyntaxError" and result.error["lines"] == [2]
    result = oracle.run("import tensorflow as tf\ndef f():\n    return undefined_name\nf()\n")
    assert (result.error["type"], result.error["lines"], result.error["origin"]) == ("NameError", [4, 3], "program")


def test_comprehensions_and_multiline_calls(oracle):
    result = oracle.run('''\
import tensorflow as tf
ws = [tf.get_variable('w%d' % i,
                      shape=[1]) for i in range(2)]
gen = (tf.get_variable('g%d' % i, shape=[1]) for i in range(2))
x = list(
    gen)
y = tf.get_variable(
    'y',
    shape=[1])
''')
    # A comprehension has no frame of its own from Python 3.12 on: the call's line
    # stands alone; a generator runs where it is consumed (5) and creates at 4.
    assert created(result) == [
        GV("w0:0", [2]), GV("w1:0", [2]), GV("g0:0", [5, 4]), GV("g1:0", [5, 4]), GV("y:0", [7])]


def test_every_program_starts_from_a_fresh_graph(oracle):
    leak = oracle.run('''\
import tensorflow as tf
g = tf.Graph()
g.as_default().__enter__()
tf.get_variable_scope().reuse_variables()
tf.get_variable = None
''')
    assert leak.status == "ok"
    result = oracle.run("import tensorflow as tf\nw = tf.get_variable('w', [1])\nw = tf.get_variable('v', [1])\n")
    assert created(result) == [GV("w:0", [2]), GV("v:0", [3])]


def test_results_are_cached(oracle):
    source = "import tensorflow as tf\nw = tf.get_variable('cached', [1])\n"
    assert oracle.run(source) is oracle.run(source)
    assert oracle.run(source, repeat=2) is not oracle.run(source)


# ---------------------------------------------------------------------------
# Timeouts and crashes
# ---------------------------------------------------------------------------


def test_python_loop_is_stopped_by_the_timeout(oracle):
    starts = oracle.starts
    result = oracle.run("import tensorflow as tf\nw = tf.get_variable('w', [1])\nwhile True:\n    pass\n", timeout=1)
    assert result.status == "timeout" and not result.judged
    assert result.error["lines"] == [3] or result.error["lines"] == [4]
    assert created(result) == [GV("w:0", [2])]
    assert oracle.starts == starts  # interrupted inside the worker: no restart
    assert oracle.run("import tensorflow as tf\nx = tf.get_variable('x', [1])\n").status == "ok"


def test_unavailable_interpreter_is_explained():
    reason = oracle_unavailable_reason("/nonexistent/python3")
    assert reason and "/nonexistent/python3" in reason


# ---------------------------------------------------------------------------
# compare(): hand-made oracle results and lint results (no TensorFlow needed)
# ---------------------------------------------------------------------------


def C_(name, lines, seq, **kw):
    return dict({"name": name, "key": name[:-2], "api": "get_variable", "via": None, "lines": lines,
                 "graph": 0, "run": 1, "seq": seq}, **kw)


def U_(name, lines, seq, **kw):
    return dict({"name": name, "key": name[:-2], "via": None, "lines": lines, "graph": 0, "run": 1,
                 "seq": seq, "partitioned": False}, **kw)


def rec(line, name, action="create", api="get_variable", col=1):
    return NameRecord("p.py", line, col, name, action, api)


def finding(line, message, code="SCO101"):
    return Finding("p.py", line, 1, code, "duplicate-variable", message)


def lint(names=(), findings=()):
    return LintResult("p.py", findings=list(findings), names=list(names))


# Rule 22: layer() called twice; the second call fails at line 8→4.
RULE22 = {
    "status": "error",
    "created": [C_("fc/w:0", [7, 4], 0)],
    "reused": [],
    "error": {"type": "ValueError", "lines": [8, 4], "run": 1, "origin": "library",
              "message": f"Variable fc/w {ALREADY} Originally defined at:\n\n  File ..."},
    "exit": None,
}


def test_compare_agreement_and_records_after_the_error():
    result = lint(
        names=[rec(4, "fc/w:0"), rec(4, "fc/w:0")],  # the second call's record comes after TF raised
        findings=[finding(4, "Variable fc/w already exists, disallowed. (second call of layer at line 8)"),
                  Finding("p.py", 2, 1, "SCO201", "style", "not compared")],
    )
    cmp = compare(RULE22, result)
    assert cmp.ok, cmp.report()
    assert (cmp.predictions, cmp.unknown_predictions, cmp.matched, cmp.unjudged) == (2, 0, 1, 1)
    assert "scopelint agrees with TensorFlow" in cmp.report()


def test_compare_missing_error_finding_and_wrong_line():
    wrong_line = finding(6, "Variable fc/w already exists, disallowed.")
    cmp = compare(RULE22, lint(names=[rec(4, "fc/w:0")], findings=[wrong_line]))
    assert not cmp.ok
    assert len(cmp.disagreements) == 2
    assert "no SCO1xx finding on line(s) 8, 4" in cmp.disagreements[0]
    assert "not on line 8\u21924" in cmp.disagreements[1]
    # the first sentence must be quoted: another error text does not count
    other_text = finding(8, "Variable fc/w does not exist, or was not created")
    cmp = compare(RULE22, lint(names=[rec(4, "fc/w:0")], findings=[other_text]))
    assert not cmp.ok and len(cmp.disagreements) == 2


def test_compare_names_missing_extra_and_wrong():
    oracle = {"status": "ok", "error": None, "created": [C_("a/w:0", [3], 0), C_("a/b:0", [4], 1)], "reused": []}
    cmp = compare(oracle, lint(names=[rec(3, "a/w:0"), rec(4, "a/x:0"), rec(5, "c:0")]),
                  source="import tensorflow as tf\n\n...\n...\n...\n")
    assert not cmp.ok
    assert cmp.matched == 1
    text = "\n".join(cmp.disagreements)
    assert ("TF: create a/b:0 at line 4 -- scopelint has no matching record "
            "(at line 4 it predicts: create a/x:0)") in text
    assert "scopelint: create a/x:0 at line 4 -- TF did not (at line 4 TF did: create a/b:0)" in text
    assert "scopelint: create c:0 at line 5 -- TF did not (at line 5 TF did: nothing)" in text
    report = cmp.report()
    assert "TensorFlow did:" in report and "scopelint predicted:" in report and "   4 | ..." in report
    # the action counts: a reuse is not a creation
    cmp = compare(oracle, lint(names=[rec(3, "a/w:0", "reuse"), rec(4, "a/b:0")]))
    assert len(cmp.disagreements) == 2


def test_compare_wildcards_are_unknown_not_wrong():
    oracle = {"status": "ok", "error": None, "reused": [],
              "created": [C_("net/dense_1/kernel:0", [7, 5], 0), C_("net/dense_1/bias:0", [7, 5], 1)]}
    cmp = compare(oracle, lint(names=[rec(5, "net/dense_?/kernel:0"), rec(5, "?")]))
    assert cmp.ok, cmp.report()
    assert (cmp.predictions, cmp.unknown_predictions, cmp.matched) == (2, 2, 2)
    # an unknown action matches either action
    cmp = compare(oracle, lint(names=[rec(5, "net/dense_1/kernel:0", "unknown"), rec(5, "net/dense_1/bias:0")]))
    assert cmp.ok and (cmp.unknown_predictions, cmp.matched) == (1, 2)
    assert name_matches("?/w:0", "a/b/w:0") and not name_matches("?/w:0", "w:0")
    assert not name_matches("dense_?/kernel:0", "dense_1/bias:0")


def test_compare_execution_order_with_fallback_per_line():
    # function body at line 4 runs for calls at lines 7 and 8, module-level line 9 in between
    oracle = {"status": "ok", "error": None, "reused": [U_("f/w:0", [8, 4], 2)],
              "created": [C_("f/w:0", [7, 4], 0), C_("g:0", [9], 1)]}
    in_order = lint(names=[rec(4, "f/w:0"), rec(9, "g:0"), rec(4, "f/w:0", "reuse")])
    by_line = lint(names=[rec(4, "f/w:0"), rec(4, "f/w:0", "reuse"), rec(9, "g:0")])
    for result in (in_order, by_line):
        cmp = compare(oracle, result)
        assert cmp.ok, cmp.report()
        assert cmp.matched == 3


def test_compare_clean_run_must_have_no_error_findings():
    oracle = {"status": "ok", "error": None, "created": [C_("w:0", [2], 0)], "reused": []}
    cmp = compare(oracle, lint(names=[rec(2, "w:0")], findings=[finding(3, "Variable w already exists, disallowed.")]))
    assert cmp.disagreements == [
        "scopelint: SCO101 at line 3: 'Variable w already exists, disallowed.' -- TF raised no error"]


def test_compare_extra_record_before_the_error_is_a_disagreement():
    oracle = {"status": "error", "reused": [], "created": [C_("a:0", [2], 0), C_("b:0", [4], 1)],
              "error": {"type": "ValueError", "lines": [5], "message": f"Variable b {ALREADY}"}}
    names = [rec(2, "a:0"), rec(3, "x:0"), rec(4, "b:0"), rec(5, "b:0")]
    cmp = compare(oracle, lint(names=names, findings=[finding(5, "Variable b already exists, disallowed.")]))
    assert cmp.disagreements == ["scopelint: create x:0 at line 3 -- TF did not (at line 3 TF did: nothing)"]
    assert cmp.unjudged == 1


def test_compare_error_messages_with_wildcards_and_periods_in_names():
    assert first_sentence(f"Variable net.v1/w {ALREADY}") == "Variable net.v1/w already exists, disallowed."
    assert first_sentence("Trying to share variable s/w, but specified shape (3, 2) and found shape (2, 3).") == (
        "Trying to share variable s/w, but specified shape (3, 2) and found shape (2, 3).")
    no_period = "module 'tensorflow' has no attribute 'contrib'"
    assert first_sentence(no_period) == no_period
    assert contains_with_wildcards("SCO101: Variable ?/w already exists, disallowed. Use reuse.",
                                   "Variable outer/blk/w already exists, disallowed.")
    assert not contains_with_wildcards("Variable ?/w already exists, disallowed.",
                                       "Variable outer/blk/u already exists, disallowed.")
    oracle = {"status": "error", "created": [], "reused": [],
              "error": {"type": "ValueError", "lines": [10, 4], "message": f"Variable outer/blk/w {ALREADY}"}}
    assert compare(oracle, lint(findings=[finding(4, "Variable outer/?/w already exists, disallowed.")])).ok


def test_compare_unjudged_when_the_oracle_timed_out():
    oracle = OracleResult.from_dict({"status": "timeout", "created": [], "reused": [],
                                     "error": {"type": "Timeout", "lines": [], "message": "did not finish"}})
    cmp = compare(oracle, lint(names=[rec(1, "w:0")]))
    assert not cmp.judged and not cmp.ok and cmp.disagreements == []
    assert cmp.report().startswith("not judged: the oracle timed out")


def test_compare_with_a_real_oracle_result(oracle):
    source = '''\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
def net(x, reuse=None):
    with tf.variable_scope('net', reuse=reuse):
        h = tf.layers.dense(x, 4)
        return tf.layers.dense(h, 2)
a = net(x)
b = net(x, reuse=True)
print(a.name, b.name)
c = net(x)
'''
    result = oracle.run(source)
    right = lint(
        names=[rec(5, "net/dense/kernel:0", api="dense"), rec(5, "net/dense/bias:0", api="dense"),
               rec(6, "net/dense_1/kernel:0", api="dense"), rec(6, "net/dense_1/bias:0", api="dense"),
               rec(5, "net/dense/kernel:0", "reuse", "dense"), rec(5, "net/dense/bias:0", "reuse", "dense"),
               rec(6, "net/dense_1/kernel:0", "reuse", "dense"), rec(6, "net/dense_1/bias:0", "reuse", "dense")],
        findings=[finding(5, "Variable net/dense/kernel already exists, disallowed.")],
    )
    cmp = compare(result, right, source=source)
    assert isinstance(cmp, Comparison) and cmp.ok, cmp.report()
    assert cmp.matched == 8
    wrong = lint(names=[rec(5, "net/dense/kernel:0"), rec(5, "net/dense/bias:0"),
                        rec(6, "net/dense/kernel:0"), rec(6, "net/dense/bias:0")])
    cmp = compare(result, wrong, source=source)
    assert not cmp.ok
    report = cmp.report()
    assert "TF: create net/dense_1/kernel:0 at line 7\u21926" in report
    assert "TF raised ValueError at line 10\u21925" in report


def test_hang_inside_tensorflow_is_killed(oracle):
    # A program stuck in C++ never sees the worker's alarm: the client kills the worker.
    starts = oracle.starts
    grace, oracle.kill_grace = oracle.kill_grace, 0.5
    try:
        hang = oracle.run('''\
import tensorflow as tf
r = tf.while_loop(lambda i: True, lambda i: i + 1, [tf.constant(0)])
with tf.Session() as s:
    s.run(r)
''', timeout=0.5)
    finally:
        oracle.kill_grace = grace
    assert hang.status == "timeout" and not hang.judged
    assert oracle.run("import tensorflow as tf\nw = tf.get_variable('after_hang', [1])\n").status == "ok"
    assert oracle.starts == starts + 1


def test_kernel_cell_strips_ipython_syntax_line_for_line():
    """The oracle's notebook mode runs cells as a kernel would (harness.kernel_cell)."""
    from tests.oracle.harness import kernel_cell, notebook_segments

    cell = "%matplotlib inline\n!ls\nfiles = !ls\n%time x = 1\ntf.Variable?\ny = 2"
    assert kernel_cell(cell) == "pass\npass\nfiles = []\nx = 1\npass\ny = 2"
    assert kernel_cell("%%time\nx = 1") == "\nx = 1"
    assert kernel_cell("%%bash\nls\npwd") == "\n\n"
    assert notebook_segments([[2, "a\nb"], [4, ""], [5, "c\n"]]) == [[2, 1, 2], [4, 3, 1], [5, 4, 1]]
