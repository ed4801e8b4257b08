"""SCO112 restore-key-missing: a restore asks for keys the checkpoint does not hold."""

from scopelint.engine.events import Kind
from scopelint.restore_compare import compare, describe
from scopelint.rules._report import certain
from scopelint.rules.base import Example, Rule


def restores(analysis):
    """(event, needed, held, (needed dtypes, held dtypes), save node) for each restore this program's own
    save wrote the checkpoint of, both key sets known."""
    for ev in analysis.events:
        if ev.kind is not Kind.RESTORE or not certain(ev) or ev.alone:
            continue
        info = ev.checkpoint
        if info.needed.keys is None or not isinstance(info.written, tuple):
            continue
        written, save_node = info.written
        if written.keys is None:
            continue
        needed = {k: (v.variable, v.shape, v.slot) for k, v in info.needed.keys.items()}
        held = {k: v.shape for k, v in written.keys.items()}
        dtypes = ({k: v.dtype for k, v in info.needed.keys.items()}, {k: v.dtype for k, v in written.keys.items()})
        yield ev, needed, held, dtypes, save_node


def action_of(ev) -> str:
    return "saver.restore" if ev.api.endswith("restore") else "init_from_checkpoint"


def check(analysis):
    for ev, needed, held, dtypes, save_node in restores(analysis):
        problem = compare(needed, held, *dtypes)
        if problem is None:
            continue
        saver_node = ev.checkpoint.needed.node
        saver_place = analysis.where(saver_node) if saver_node is not ev.node else None
        source = f"written at {analysis.where(save_node)}"
        notes = ((saver_node, "Saver built here"),) if saver_place is not None else ()
        yield (
            ev.node,
            describe(problem, action_of(ev), saver_place, source),
            notes + ((save_node, "checkpoint written here"),),
        )


RULE = Rule(
    code="SCO112",
    name="restore-key-missing",
    summary="A restore needs variables the checkpoint it reads does not hold (or holds with another shape).",
    what="""
Finds `saver.restore(sess, path)` and `tf.train.init_from_checkpoint(ckpt,
assignment_map)` calls that will fail because the checkpoint they read
lacks keys they need. The keys needed are the Saver's (`var_list`: a list
of variables, saved under their names, or a dict of key -> variable; by
default every global variable of the graph when the Saver is built,
optimizer slots, `beta1_power` and the global step included) or the
`assignment_map`'s. The checkpoint is the one a `saver.save` of the same
program wrote before (a literal path, `os.path.join`, a module constant,
the `global_step` suffix, or `tf.train.latest_checkpoint` /
`get_checkpoint_state` on its directory), or a save of another program
linted in the same run (`scopelint .`: `eval.py` restoring what `train.py`
saved), or, with `--checkpoint PATH`, a real checkpoint file. The message names every missing key, where the Saver
was built, which save wrote the checkpoint, and the likely cause when it is
recognisable: an extra or missing scope prefix, a `_1` suffix from a model
built twice in one graph or a `tf.Variable` under reuse, shifted automatic
names, an optimizer or global step the writer did not build, a renamed
optimizer (its slots), a `:0` in a Saver dict's keys. A key present with another shape
(both shapes known) or dtype (`get_variable`'s own variables) is reported
with both.

TF raises `NotFoundError: Restoring from checkpoint failed. ... Key
encoder/hidden/bias not found in checkpoint` (or `InvalidArgumentError`
for a shape, `ValueError: Tensor ... is not found` for
`init_from_checkpoint`).
""",
    why="""
TF names only the first missing key, and only after the whole graph is
built and a session started: an evaluation or export script fails minutes
into a job, one key at a time. Extra keys in the checkpoint are fine (a
restore ignores them); the finding names every key that is not there.
""",
    example="""
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()

def encoder(x):
    with tf.variable_scope('encoder'):
        return tf.layers.dense(x, 8, name='hidden')

x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('model'):
    encoder(x)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, 'ckpt/model')

tf.reset_default_graph()
x = tf.placeholder(tf.float32, [None, 4])
encoder(x)  # built without the 'model' scope
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, 'ckpt/model')  # SCO112
""",
    use_instead="""
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()

def encoder(x):
    with tf.variable_scope('encoder'):
        return tf.layers.dense(x, 8, name='hidden')

x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('model'):
    encoder(x)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, 'ckpt/model')

tf.reset_default_graph()
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('model'):
    encoder(x)
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, 'ckpt/model')
""",
    limits="""
A restore is checked only when both key sets are known: a variable made by
code the analysis does not follow, a path it cannot compute, or a save
that may not have run makes it silent. Optimizer slots (`w/Adam`) are made by TF only
for variables the loss reaches: a slot key is claimed missing only when
the loss certainly reaches its variable (through the ops, layers and
regularization losses the analysis follows); a loss through an op or call
it does not follow leaves those slots unknown (`w/Adam?`) and silent. Across programs, paths are taken from the project root. `tf.train.Checkpoint`
(TF2, object-based) is not checked. docs/checkpoints.md has the details.
""",
    invalid=(
        Example(
            """import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()

def encoder(x):
    with tf.variable_scope('encoder'):
        return tf.layers.dense(x, 8, name='hidden')

x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('model'):
    encoder(x)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, 'sco112_ckpt/model')

tf.reset_default_graph()
x = tf.placeholder(tf.float32, [None, 4])
encoder(x)
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, 'sco112_ckpt/model')
""",
            lines=(21,),
            tf_error="Restoring from checkpoint failed.",
        ),
        Example(
            """import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()

w = tf.get_variable('w', [3])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, 'sco112_ckpt/w', global_step=1)

tf.reset_default_graph()
w = tf.get_variable('w', [3])
step = tf.train.get_or_create_global_step()
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint('sco112_ckpt'))
""",
            lines=(15,),
            tf_error="Restoring from checkpoint failed.",
        ),
        Example(
            """import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()

x = tf.placeholder(tf.float32, [None, 4])
w = tf.get_variable('w', [4, 1])
loss = tf.reduce_mean(tf.square(tf.matmul(x, w)))
train = tf.train.AdamOptimizer(0.01).minimize(loss)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, 'sco112_ckpt/adam')

tf.reset_default_graph()
x = tf.placeholder(tf.float32, [None, 4])
w = tf.get_variable('w', [4, 1])
loss = tf.reduce_mean(tf.square(tf.matmul(x, w)))
train = tf.train.AdamOptimizer(0.01, name='FineTune').minimize(loss)
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, 'sco112_ckpt/adam')
""",
            lines=(20,),
            tf_error="Restoring from checkpoint failed.",
        ),
    ),
    valid=(
        """import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()

w = tf.get_variable('w', [3])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, 'sco112_ckpt/w', global_step=1)

tf.reset_default_graph()
w = tf.get_variable('w', [3])
step = tf.train.get_or_create_global_step()
saver = tf.train.Saver(var_list=[w])
with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint('sco112_ckpt'))
""",
        """import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()

with tf.variable_scope('teacher'):
    tf.get_variable('w', [3])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, 'sco112_ckpt/teacher')

tf.reset_default_graph()
with tf.variable_scope('student'):
    w = tf.get_variable('w', [3])
saver = tf.train.Saver({'teacher/w': w})
with tf.Session() as sess:
    saver.restore(sess, 'sco112_ckpt/teacher')
""",
    ),
    check=check,
)
