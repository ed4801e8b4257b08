"""Messages that follow the cause of a finding, and the related locations
the rules fill themselves (TF's behaviour on these programs is judged by the
rule examples and tests/test_rules.py; here: what the message says)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import engine_test, scopelint, write  # noqa: E402

from scopelint import formatters  # noqa: E402
from scopelint.linter import lint_source  # noqa: E402
from scopelint.results import Related  # noqa: E402


def _only(source: str, code: str):
    found = [f for f in lint_source(source, "m.py").findings if f.code == code]
    assert len(found) == 1, found
    return found[0]


def test_loop_suggests_reuse_per_iteration():
    f = _only(
        "import tensorflow as tf\n"
        "for i in range(2):\n"
        "    with tf.variable_scope('m'):\n"
        "        w = tf.get_variable('w', shape=[3])\n",
        "SCO101",
    )
    assert "reuse=(i > 0) to the variable_scope at line 3" in f.message
    assert "its own name" in f.message
    assert f.related == (Related(3, 10, "variable scope opened here"),)


def test_loop_of_unknown_length_names_the_loop():
    f = _only(
        "import sys\nimport tensorflow as tf\nfor arg in sys.argv:\n    w = tf.get_variable('w', shape=[3])\n",
        "SCO101",
    )
    assert "reuse=(i > 0) to a variable_scope around it" in f.message
    assert Related(3, 1, "loop here") in f.related


def test_two_name_scopes_suggest_variable_scope():
    f = _only(
        "import tensorflow as tf\n"
        "with tf.name_scope('V1'):\n"
        "    a1 = tf.get_variable('a1', shape=[1])\n"
        "with tf.name_scope('V2'):\n"
        "    a2 = tf.get_variable('a1', shape=[1])\n",
        "SCO101",
    )
    assert "tf.name_scope (line 2 and line 4) does not prefix get_variable names: use tf.variable_scope" in f.message
    assert f.related == (
        Related(3, 10, "created here"),
        Related(2, 6, "name scope opened here"),
        Related(4, 6, "name scope opened here"),
    )


def test_builder_called_twice_names_the_scope_inside_it():
    f = _only(
        "import tensorflow as tf\n"
        "def layer():\n"
        "    with tf.variable_scope('fc'):\n"
        "        return tf.get_variable('w', shape=[3])\n"
        "layer()\n"
        "layer()\n",
        "SCO101",
    )
    assert f.line == 6
    assert "called a second time here: pass reuse=True for this call to the variable_scope at line 3" in f.message
    assert f.related == (
        Related(4, 16, "created here"),
        Related(5, 1, "first call here"),
        Related(3, 10, "variable scope opened here"),
    )


def test_builder_in_the_root_scope_suggests_a_scope_around_the_call():
    f = _only(
        "import tensorflow as tf\ndef layer():\n    return tf.get_variable('w', shape=[3])\nlayer()\nlayer()\n",
        "SCO101",
    )
    assert "wrap this call in tf.variable_scope(tf.get_variable_scope(), reuse=True)" in f.message
    assert f.related == (Related(3, 12, "created here"), Related(4, 1, "first call here"))


def test_scope_at_the_call_site_is_the_one_to_change():
    f = _only(
        "import tensorflow as tf\n"
        "def layer():\n"
        "    return tf.get_variable('w', shape=[3])\n"
        "with tf.variable_scope('a'):\n"
        "    layer()\n"
        "with tf.variable_scope('a'):\n"
        "    layer()\n",
        "SCO101",
    )
    assert "pass reuse=True to the variable_scope at line 6" in f.message


def test_reuse_missing_points_at_the_switch():
    f = _only(
        "import tensorflow as tf\n"
        "with tf.variable_scope('s') as sc:\n"
        "    sc.reuse_variables()\n"
        "    w = tf.get_variable('w', shape=[1])\n",
        "SCO102",
    )
    assert Related(3, 5, "reuse switched on here") in f.related


@pytest.mark.parametrize(
    "source, code, text",
    [
        ("with tf.variable_scope(None):\n    pass\n", "SCO105", "Got name_or_scope=None and no default_name"),
        (
            "with tf.variable_scope('s', reuse=1):\n    pass\n",
            "SCO106",
            "Got reuse=1; accepted: True, False, None or tf.AUTO_REUSE",
        ),
        (
            "with tf.variable_scope(None, default_name='d', reuse=True):\n    pass\n",
            "SCO107",
            "tf.variable_scope('d', reuse=True)",
        ),
        (
            "w = tf.get_variable('w', shape=[1], reuse=tf.AUTO_REUSE)\n",
            "SCO108",
            "with tf.variable_scope(tf.get_variable_scope(), reuse=tf.AUTO_REUSE):",
        ),
        (
            "with tf.Graph().as_default():\n    tf.reset_default_graph()\n",
            "SCO109",
            "outside the `with graph.as_default():`",
        ),
        (
            "w = tf.get_variable('w', shape=[2], initializer=tf.constant([1.0, 2.0]))\n",
            "SCO110",
            "Got initializer=tf.constant([1.0, 2.0]) with shape=[2]",
        ),
        ("with tf.variable_scope('conv layer'):\n    pass\n", "SCO111", "for example 'conv_layer' is accepted"),
        (
            "with tf.compat.v2.name_scope(None):\n    pass\n",
            "SCO111",
            "Got None; TF2's name_scope accepts a string only",
        ),
    ],
)
def test_argument_errors_show_the_value_and_the_accepted_ones(source, code, text):
    f = _only("import tensorflow as tf\n" + source, code)
    assert text in f.message, f.message


def test_tf1_name_scope_none_and_tf2_strings_are_fine():
    source = (
        "import tensorflow as tf\nwith tf.name_scope(None):\n    pass\nwith tf.compat.v2.name_scope(''):\n    pass\n"
    )
    assert lint_source(source, "m.py").findings == []


# --- --names: the call chain and the entry script --------------------------------


def test_names_at_one_position_told_apart_by_their_chain():
    source = (
        "import tensorflow as tf\n"
        "def layer(scope):\n"
        "    with tf.variable_scope(scope):\n"
        "        return tf.get_variable('w', shape=[3])\n"
        "layer('a')\n"
        "layer('b')\n"
    )
    names = lint_source(source, "m.py", names=True).names
    assert [(n.line, n.name, n.chain) for n in names] == [
        (4, "a/w:0", (("m.py", 5, None), ("m.py", 4, None))),
        (4, "b/w:0", (("m.py", 6, None), ("m.py", 4, None))),
    ]
    assert names[0].as_dict()["chain"] == [{"path": "m.py", "line": 5}, {"path": "m.py", "line": 4}]
    assert "entry" not in names[0].as_dict()
    assert formatters.format_names(names, "text").splitlines() == [
        "m.py:4:16: a/w:0 (create via get_variable; call chain 5 -> 4) shape=(3,) dtype=float32",
        "m.py:4:16: b/w:0 (create via get_variable; call chain 6 -> 4) shape=(3,) dtype=float32",
    ]


@engine_test
def test_names_made_in_an_imported_module_carry_the_entry(tmp_path):
    write(tmp_path, "model.py", "import tensorflow as tf\ndef build(s):\n    with tf.variable_scope(s):\n"
                                "        return tf.get_variable('w', [1])\n")
    write(tmp_path, "a.py", "import model\nmodel.build('a')\n")
    write(tmp_path, "b.py", "import model\n\nmodel.build('b')\n")
    p = scopelint("--names", "--format", "json", "--no-cache", ".", cwd=tmp_path)
    assert p.returncode == 0, p.err
    rows = sorted(json.loads(p.out), key=lambda r: r["entry"])
    assert [(r["path"], r["line"], r["name"], r["entry"]) for r in rows] == [
        ("model.py", 4, "a/w:0", "a.py"), ("model.py", 4, "b/w:0", "b.py")]
    assert rows[1]["chain"] == [{"path": "b.py", "line": 3}, {"path": "model.py", "line": 4}]
    text = scopelint("--names", "--no-cache", "b.py", cwd=tmp_path).out
    assert text == "model.py:4:16: b/w:0 (create via get_variable; call chain b.py:3 -> model.py:4; run from b.py) shape=(1,) dtype=float32\n"


def test_names_chain_in_a_notebook_is_in_cells():
    cells = ["import tensorflow as tf\ndef layer(s):\n    with tf.variable_scope(s):\n        return tf.get_variable('w', [1])",
             "layer('a')"]
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": c, "outputs": [], "execution_count": None}
                    for c in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (n,) = lint_source(json.dumps(nb), "n.ipynb", names=True).names
    assert (n.cell, n.line, n.chain) == (1, 4, (("n.ipynb", 1, 2), ("n.ipynb", 4, 1)))
    assert formatters.format_names([n], "text") == (
        "n.ipynb:cell 1:4:16: a/w:0 (create via get_variable; call chain cell 2:1 -> cell 1:4) shape=(1,) dtype=float32\n")
