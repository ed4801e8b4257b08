"""SCO114 template-new-trainable: a `tf.make_template` call after the first creates a trainable variable, so TensorFlow raises."""

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import checker
from scopelint.rules.base import Example, Rule

_TF_ERROR = (
    "Trainable variable created when calling a template after the first time, perhaps you used "
    "tf.Variable when you meant tf.get_variable"
)

RULE = Rule(
    code="SCO114",
    name="template-new-trainable",
    summary="A `tf.make_template` call after the first creates a trainable variable, so TensorFlow raises.",
    what="""
Finds calls of a template made by `tf.make_template` that, after the first
call, create a new trainable variable: a `tf.Variable` in the template's
function, or anything else that makes a trainable variable outside the
variable store (a new Keras layer). The template re-enters its scope with
`reuse=True`, which `get_variable` honours but `tf.Variable` ignores; once
the function returns, the template sees that the trainable collection grew
and raises `ValueError: Trainable variable created when calling a template
after the first time, perhaps you used tf.Variable when you meant
tf.get_variable: [...]` at the call.
""",
    why="""
A template exists to share its variables between calls; a variable made
anew on each call would be trained separately, so TensorFlow refuses it.
The first call runs fine, and the error only appears where the template is
applied a second time (the evaluation tower, the second input).
""",
    example="""\
import tensorflow as tf

def scale(x):
    w = tf.get_variable('w', [3])
    b = tf.Variable(tf.zeros([3]), name='b')
    return x * w + b

tmpl = tf.make_template('scale', scale)
x = tf.placeholder(tf.float32, [None, 3])
a = tmpl(x)
b = tmpl(x)
""",
    use_instead="""\
import tensorflow as tf

def scale(x):
    w = tf.get_variable('w', [3])
    b = tf.get_variable('b', [3], initializer=tf.zeros_initializer())
    return x * w + b

tmpl = tf.make_template('scale', scale)
x = tf.placeholder(tf.float32, [None, 3])
a = tmpl(x)
b = tmpl(x)
""",
    fix_safety="No automatic fix: `tf.get_variable` needs a shape and an initializer in place of the initial value.",
    limits="""
Silent when the list of trainable variables is unknown at the call (after a
library call the analysis does not model), and for templates with a
`custom_getter_`. A `tf.Variable(..., trainable=False)` (a counter) is
allowed by TensorFlow here (SCO202 reports that it is not shared). The variables in the message have
`shape=?` and `dtype=?`.
""",
    invalid=(
        Example(
            "import tensorflow as tf\n\n"
            "def scale(x):\n"
            "    w = tf.get_variable('w', [3])\n"
            "    b = tf.Variable(tf.zeros([3]), name='b')\n"
            "    return x * w + b\n\n"
            "tmpl = tf.make_template('scale', scale)\n"
            "x = tf.placeholder(tf.float32, [None, 3])\n"
            "a = tmpl(x)\n"
            "b = tmpl(x)\n",
            lines=(11,),
            tf_error=_TF_ERROR,
        ),
        Example(
            "import tensorflow as tf\n\n"
            "def head(x):\n"
            "    return tf.keras.layers.Dense(2)(x)\n\n"
            "tmpl = tf.make_template('head', head)\n"
            "x = tf.placeholder(tf.float32, [None, 3])\n"
            "for batch in [x, x * 2.0]:\n"
            "    y = tmpl(batch)\n",
            lines=(9,),
            tf_error=_TF_ERROR,
        ),
    ),
    valid=(
        "import tensorflow as tf\n\n"
        "def head(x):\n"
        "    return tf.layers.dense(x, 2, name='fc')\n\n"
        "tmpl = tf.make_template('head', head)\n"
        "x = tf.placeholder(tf.float32, [None, 3])\n"
        "for batch in [x, x * 2.0]:\n"
        "    y = tmpl(batch)\n",
        "import tensorflow as tf\n\n"
        "def scale(x):\n"
        "    b = tf.Variable(tf.zeros([3]), name='b')\n"
        "    return x + b\n\n"
        "tmpl = tf.make_template('scale', scale)\n"
        "a = tmpl(tf.placeholder(tf.float32, [None, 3]))\n",
    ),
    check=checker(ArgumentError.TEMPLATE_NEW_TRAINABLE),
)
