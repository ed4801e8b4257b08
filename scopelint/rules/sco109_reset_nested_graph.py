"""SCO109 reset-nested-graph: `tf.reset_default_graph()` inside `with graph.as_default():` raises AssertionError."""

from scopelint.engine.events import ArgumentError
from scopelint.rules._argument_errors import checker
from scopelint.rules.base import Example, Rule


def hint(ev):
    return (
        "Call tf.reset_default_graph() outside the `with graph.as_default():` block, or build in a new "
        "`tf.Graph()` instead of clearing one."
    )


RULE = Rule(
    code="SCO109",
    name="reset-nested-graph",
    summary="`tf.reset_default_graph()` inside `with graph.as_default():` raises AssertionError.",
    what="Finds `tf.reset_default_graph()` called while another graph is the default through `with g.as_default():`. TF raises `AssertionError: Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared graph, exit the nesting and create a new graph.`",
    why="Resetting only works on the global default graph.",
    example="import tensorflow as tf\nwith tf.Graph().as_default():\n    tf.reset_default_graph()\n",
    use_instead="import tensorflow as tf\ntf.reset_default_graph()\nwith tf.Graph().as_default():\n    pass\n",
    limits="",
    invalid=(
        Example(
            "import tensorflow as tf\nwith tf.Graph().as_default():\n    tf.reset_default_graph()\n",
            lines=(3,),
            tf_error="Do not use tf.reset_default_graph() to clear nested graphs.",
        ),
    ),
    valid=("import tensorflow as tf\ntf.reset_default_graph()\nw = tf.get_variable('w', shape=[1])\n",),
    check=checker(ArgumentError.RESET_NESTED_GRAPH, hint),
)
