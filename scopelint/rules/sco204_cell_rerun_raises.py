"""SCO204 cell-rerun-raises: a notebook cell that fails when run a second time."""

from scopelint.engine.events import ERROR_OUTCOMES, Outcome
from scopelint.engine.values import render
from scopelint.rules._report import certain, via
from scopelint.rules._rerun_fix import reset_proposal
from scopelint.rules.base import Example, Rule

_RAISES = ERROR_OUTCOMES


def _what(ev) -> str:
    if ev.outcome is Outcome.EXISTS:
        return f"Variable {render(ev.key)} already exists, disallowed"
    if ev.outcome is Outcome.MISSING:
        return f"Variable {render(ev.key)} does not exist, or was not created with tf.get_variable()"
    return str(ev.message or "an error").rstrip(".")


def _cell_lines(analysis, start: int, end: int) -> tuple:
    body = analysis.module.body
    first = analysis.line(body[start])
    after = analysis.line(body[end]) if end < len(body) else float("inf")
    return first, after


def _reports(analysis):
    """(cell index, node, message, notes) of each cell whose re-run raises."""
    for index, (start, end) in enumerate(analysis.cells):
        events = analysis.rerun_events.get(index)
        if not events:
            continue  # never re-run (the program stopped before), or not followed to the end
        first_run = {(id(e.node), e.outcome) for e in analysis.events if e.outcome in _RAISES}
        for ev in events:
            if ev.outcome not in _RAISES or not certain(ev) or ev.alone:
                continue
            if (id(ev.node), ev.outcome) in first_run:
                continue  # the first run already fails there on this path: SCO1xx says so
            first_line, after = _cell_lines(analysis, start, end)
            # The innermost call of the chain that is written in this cell.
            node = next((n for n in reversed(ev.stack) if first_line <= analysis.line(n) < after), ev.stack[0])
            where = via(analysis, ev.stack)
            origin = ev.first
            earlier = via(analysis, origin.stack) if ev.outcome is Outcome.EXISTS and origin is not None else None
            made = ""
            if earlier is not None:
                made = " (its first run created the variable there)" if earlier == where else f" (created at {earlier})"
            fixes = ["start the cell with `tf.reset_default_graph()`", "build inside `with tf.Graph().as_default():`"]
            # AUTO_REUSE does not stop optimizer slots colliding (TF: re-entering the scope resets their names).
            fixes.append(
                "move the optimizer to a cell of its own"
                if ev.api.startswith("train.")
                else "open the scope with `reuse=tf.AUTO_REUSE`"
            )
            yield (
                index,
                node,
                (
                    f"Running this cell a second time raises `{_what(ev)}` at {where}{made}. The first run succeeds, "
                    f"but the default graph outlives the cell: {', '.join(fixes[:-1])}, or {fixes[-1]}."
                ),
                ((ev.stack[-1], "raises here on the second run"),)
                + (((origin.stack[-1], "created here"),) if earlier is not None and origin is not None else ()),
            )
            break  # the second run stops at its first error


def check(analysis):
    for _index, node, message, notes in _reports(analysis):
        yield node, message, notes


def fix(analysis):
    for index, node, _message, _notes in _reports(analysis):
        proposal = reset_proposal(analysis, index, node)
        if proposal is not None:
            yield proposal


RULE = Rule(
    code="SCO204",
    name="cell-rerun-raises",
    summary="A notebook cell that succeeds once but raises when run again in the same kernel.",
    what="""
Finds notebook cells that TensorFlow would refuse to run a second time. In a
notebook (`.ipynb`, or a percent-format `.py` file with `# %%` cells) the
cells run in order in one kernel, and the default graph outlives each cell.
Running a cell again after the cells before it (the everyday "edit and
re-run") repeats its `tf.get_variable` calls, named layers, RNN cells and
optimizer slots in a graph that already holds their variables, and TF raises
`ValueError: Variable ... already exists, disallowed.`

The finding is on the line of the cell that raises on the second run (or on
the call in the cell that leads there). Cells whose re-run is safe get
nothing: they reset the graph, build in their own `tf.Graph()`, only reuse,
only make `tf.Variable`s, unnamed top-level `tf.layers` calls or Keras
layers (these get new names: `dense_1`), or only define functions.

What TF does here is not always what one expects, and each case is checked
against TF: `tf.reset_default_graph()` protects only the cell it starts (a
later cell building in that graph is still reported); an optimizer's
`minimize` in a cell of its own re-runs cleanly (its slots get new names),
but in the same cell as a `variable_scope(..., reuse=tf.AUTO_REUSE)` it
fails on the re-run (re-entering the scope resets the slot names); a
top-level `tf.get_variable_scope().reuse_variables()` makes the model cell
re-runnable, but a later `minimize` then fails on the first run (SCO102).
""",
    why="""
The first run works, so the bug shows up only on the re-run, as an error
far from its cause (the kernel's leftover graph). The usual reaction is
restarting the kernel and running everything again, which loses the
notebook's state. The seeds' own story: an LSTM cell that raises
`Variable rnn/basic_lstm_cell/kernel already exists` from its second run on.
""",
    example="""
# %%
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 28, 28])

# %%
cell = tf.nn.rnn_cell.BasicLSTMCell(16)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)  # SCO204 when re-run
""",
    use_instead="""
# %%
import tensorflow as tf

# %%
tf.reset_default_graph()  # every run of this cell starts from an empty graph
x = tf.placeholder(tf.float32, [None, 28, 28])
cell = tf.nn.rnn_cell.BasicLSTMCell(16)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
""",
    fix_safety="""
Unsafe: `tf.reset_default_graph()` (with the notebook's own name for TF) at
the top of the cell, so that every run of it starts from an empty graph.
Re-running this cell then discards everything earlier cells built in the
default graph, so the fix is offered only when nothing can still reach
those objects: every global name this cell or a later one reads held, when
the cell started, a plain value (a module, a TF function, a number, text, a
numpy value, lists and dicts of these) and never a tensor, variable, op,
graph, session, layer, or a function or object defined earlier (it may
hold one). A notebook that opens an `InteractiveSession`, imports `*`, runs
code the analysis cannot see (`%run`) or looks graph elements up by name
gets no fix, nor does a cell the analysis cannot follow. `reuse=tf.AUTO_REUSE`
is not proposed: it shares the variables on the re-run but does not help
optimizer slots (a cell that calls `minimize` under AUTO_REUSE still fails
on its re-run).
""",
    limits="""
Only `.ipynb` notebooks and `.py` files with `# %%` cell markers are cells.
A cell is re-run right after the cells before it ran once ("Run All", then
the cell again); a re-run after later cells ran is not modelled. Only
re-runs that certainly raise are reported: a collision depending on a name
the analysis does not know is not.
""",
    invalid=(
        Example(
            """# %%
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 4])

# %%
with tf.variable_scope('model'):
    w = tf.get_variable('w', shape=[4, 2])
y = tf.matmul(x, w)
""",
            lines=(7,),
            tf_error="Variable model/w already exists, disallowed.",
        ),
        Example(
            """# %%
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 28, 28])

# %%
cell = tf.nn.rnn_cell.BasicLSTMCell(16)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
""",
            lines=(7,),
            tf_error="Variable rnn/basic_lstm_cell/kernel already exists, disallowed.",
        ),
        Example(
            """# %%
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 4])

# %%
with tf.variable_scope('model', reuse=tf.AUTO_REUSE):
    w = tf.get_variable('w', shape=[4, 2])
loss = tf.reduce_mean(tf.matmul(x, w))
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
""",
            lines=(9,),
            tf_error="Variable model/w/Adam/ already exists, disallowed.",
        ),
        Example(
            """# %%
import tensorflow as tf
n_hidden = 8

# %%
x = tf.placeholder(tf.float32, [None, 4])
w = tf.get_variable('w', shape=[4, n_hidden])
h = tf.matmul(x, w)
""",
            lines=(7,),
            tf_error="Variable w already exists, disallowed.",
        ),
    ),
    valid=(
        """# %%
import tensorflow as tf

# %%
tf.reset_default_graph()
x = tf.placeholder(tf.float32, [None, 4])
w = tf.get_variable('w', shape=[4, 2])
""",
        """# %%
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 4])

# %%
with tf.variable_scope('model', reuse=tf.AUTO_REUSE):
    w = tf.get_variable('w', shape=[4, 2])
h = tf.layers.dense(x, 8)
v = tf.Variable(0.0, name='v')
""",
        """# %%
import tensorflow as tf

# %%
with tf.Graph().as_default():
    w = tf.get_variable('w', shape=[4, 2])
""",
        """# %%
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 4])

# %%
with tf.variable_scope('model', reuse=tf.AUTO_REUSE):
    w = tf.get_variable('w', shape=[4, 2])
loss = tf.reduce_mean(tf.matmul(x, w))

# %%
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
""",
        """import tensorflow as tf
w = tf.get_variable('w', shape=[4, 2])
""",
    ),
    check=check,
    fix=fix,
)
