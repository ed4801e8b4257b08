"""Fixes in notebooks (`.ipynb`) and SCO204's fix (a reset at the top of the cell).

Without TensorFlow: what the CLI writes into the cells (and only there),
what it keeps (magics, markdown, outputs, the JSON layout), when it writes
nothing, and when SCO204 gets no fix. Under TensorFlow (oracle): every
notebook of tests/notebooks and the ones here, fixed with --unsafe-fixes,
runs "Run All" with nothing new raising, and each cell whose re-run TF
refused and that got the reset re-runs cleanly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scopelint.cli import main
from scopelint.fixing import fix_until_stable, plan_fixes
from scopelint.notebooks import read_cells
from tests.oracle.fixes import lint_alone

NOTEBOOKS = Path(__file__).parent / "notebooks"


def _code(source: str, outputs: list = ()) -> dict:
    return {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {"scrolled": True},
        "outputs": list(outputs),
        "source": source.splitlines(keepends=True),
    }


def _markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": [text]}


def _notebook(*cells: dict) -> dict:
    return {
        "cells": list(cells),
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _jupyter(nb: dict) -> str:
    """Jupyter's own layout."""
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def _run(args, capsys):
    code = main(args + ["--no-cache"])
    out, err = capsys.readouterr()
    return code, out, err


OUTPUT = {"name": "stdout", "output_type": "stream", "text": ["Wall time: 1 ms — é\n"]}
IMPORTS = "%matplotlib inline\nimport numpy as np\nimport tensorflow as tf\nn = 4"
MODEL = "%%time\n# the model\nx = tf.placeholder(tf.float32, [None, n])\nwith tf.variable_scope('model'):\n    w = tf.get_variable('w', shape=[n, 2])\ny = tf.matmul(x, w)\n"
RERUN = _notebook(
    _markdown("# A model"), _code(IMPORTS), _code(MODEL, [OUTPUT]), _markdown("## Train"), _code("!ls\nprint(y)")
)


def test_sco204_fix_is_written_into_the_cell_only(tmp_path, capsys):
    path = tmp_path / "n.ipynb"
    path.write_text(_jupyter(RERUN), encoding="utf-8")
    code, _out, err = _run(["--fix", "--unsafe-fixes", str(path)], capsys)
    assert "Fixed 1 problem" in err and code == 0
    expected = json.loads(json.dumps(RERUN))
    expected["cells"][2]["source"] = _code(MODEL.replace("# the model\n", "# the model\ntf.reset_default_graph()\n"))[
        "source"
    ]
    assert path.read_text(encoding="utf-8") == _jupyter(expected)  # layout, key order, outputs, newline kept
    before = path.read_bytes()
    assert "Fixed 0 problems" in _run(["--fix", "--unsafe-fixes", str(path)], capsys)[2]
    assert path.read_bytes() == before  # idempotent


def test_without_unsafe_fixes_the_reset_is_only_announced(tmp_path, capsys):
    path = tmp_path / "n.ipynb"
    path.write_text(_jupyter(RERUN), encoding="utf-8")
    _code_, _out, err = _run(["--fix", str(path)], capsys)
    assert path.read_text(encoding="utf-8") == _jupyter(RERUN)
    assert "1 more fix available with --unsafe-fixes" in err


def test_diff_shows_cell_sources_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "n.ipynb"
    path.write_text(_jupyter(RERUN), encoding="utf-8")
    code, out, _err = _run(["--diff", "--unsafe-fixes", str(path)], capsys)
    assert code == 1 and path.read_text(encoding="utf-8") == _jupyter(RERUN)
    assert f"--- {path}:cell 3\n+++ {path}:cell 3\n" in out
    assert "\n %%time\n # the model\n+tf.reset_default_graph()\n x = tf.placeholder" in out


def test_other_layouts_and_string_sources_are_kept(tmp_path, capsys):
    nb = _notebook(
        _code("import tensorflow as tf"), _code("with tf.variable_scope('a'):\n    w = tf.get_variable('w', [1])")
    )
    nb["cells"][1]["source"] = "".join(nb["cells"][1]["source"])  # one string, no trailing newline
    path = tmp_path / "n.ipynb"
    text = json.dumps(nb, indent=2, ensure_ascii=True)  # no trailing newline
    path.write_text(text, encoding="utf-8")
    _run(["--fix", "--unsafe-fixes", str(path)], capsys)
    nb["cells"][1]["source"] = "tf.reset_default_graph()\n" + nb["cells"][1]["source"]
    assert path.read_text(encoding="utf-8") == json.dumps(nb, indent=2, ensure_ascii=True)


def test_nbformat_3_crlf_and_bom_are_kept(tmp_path, capsys):
    cell = {
        "cell_type": "code",
        "collapsed": False,
        "input": ["import tensorflow as tf\n", "w = tf.get_variable('w', shape=[1], reuse=False)"],
        "language": "python",
        "outputs": [],
    }
    nb = {
        "metadata": {"name": ""},
        "nbformat": 3,
        "nbformat_minor": 0,
        "worksheets": [{"cells": [cell], "metadata": {}}],
    }
    path = tmp_path / "n.ipynb"
    path.write_bytes(b"\xef\xbb\xbf" + _jupyter(nb).replace("\n", "\r\n").encode())
    _run(["--fix", str(path)], capsys)
    cell["input"][1] = "w = tf.get_variable('w', shape=[1])"
    assert path.read_bytes() == b"\xef\xbb\xbf" + _jupyter(nb).replace("\n", "\r\n").encode()


def test_a_fix_in_one_cell_between_others(tmp_path, capsys):
    nb = _notebook(
        _code("import tensorflow as tf\nwith tf.variable_scope('a'):\n    w = tf.get_variable('w', [1])"),
        _markdown("text"),
        _code("%time print(w)\nwith tf.variable_scope('a'):  # again\n    v = tf.get_variable('w', [1])"),
    )
    path = tmp_path / "n.ipynb"
    path.write_text(_jupyter(nb), encoding="utf-8")
    _run(["--fix", "--unsafe-fixes", str(path)], capsys)
    cells, _ = read_cells(path.read_bytes())
    assert [c.source for c in cells] == [
        nb["cells"][0]["source"][0] + nb["cells"][0]["source"][1] + nb["cells"][0]["source"][2],
        "text",
        "%time print(w)\nwith tf.variable_scope('a', reuse=tf.AUTO_REUSE):  # again\n    v = tf.get_variable('w', [1])",
    ]


def test_a_fix_on_a_magic_line_is_not_written(tmp_path, capsys):
    nb = _notebook(
        _code("import tensorflow as tf"),
        _code("%time w = tf.get_variable('w', shape=[1], reuse=False)"),
    )
    path = tmp_path / "n.ipynb"
    path.write_text(_jupyter(nb), encoding="utf-8")
    _code_, _out, err = _run(["--fix", "--unsafe-fixes", str(path)], capsys)
    assert path.read_text(encoding="utf-8") == _jupyter(nb)
    assert "a fix would change a line with an IPython magic" in err


def test_a_notebook_whose_cells_do_not_parse_is_never_written(tmp_path, capsys):
    nb = _notebook(_code(IMPORTS), _code(MODEL), _code("def (:"))
    path = tmp_path / "n.ipynb"
    path.write_text(_jupyter(nb), encoding="utf-8")
    _run(["--fix", "--unsafe-fixes", str(path)], capsys)
    assert path.read_text(encoding="utf-8") == _jupyter(nb)


def test_a_cell_with_a_percent_marker_is_left_alone(tmp_path, capsys):
    nb = _notebook(_code(IMPORTS), _code("# %%\n" + MODEL.replace("%%time\n", "")))
    path = tmp_path / "n.ipynb"
    path.write_text(_jupyter(nb), encoding="utf-8")
    _code_, _out, err = _run(["--fix", "--unsafe-fixes", str(path)], capsys)
    assert path.read_text(encoding="utf-8") == _jupyter(nb) and "a code cell has a `# %%` line" in err


def test_add_noqa_in_cells_keeps_magics(tmp_path, capsys):
    nb = _notebook(
        _code("import tensorflow as tf\nw = tf.get_variable('w', [1])"),
        _code("%time v = tf.get_variable('w', [1])"),
    )
    path = tmp_path / "n.ipynb"
    path.write_text(_jupyter(nb), encoding="utf-8")
    code, _out, err = _run(["--add-noqa", str(path)], capsys)
    assert code == 0 and "Added 2 noqa directives" in err
    cells = read_cells(path.read_bytes())[0]
    assert cells[0].source == "import tensorflow as tf\nw = tf.get_variable('w', [1])  # noqa: SCO204"
    assert cells[1].source == "%time v = tf.get_variable('w', [1])  # noqa: SCO101"
    assert _run([str(path)], capsys)[0] == 0


# --- when SCO204 gets no fix -----------------------------------------------------

HEAD = "# %%\nimport tensorflow as tf\n"
CELL = "\n# %%\nwith tf.variable_scope('m'):\n    w = tf.get_variable('w', shape=[4, 2])\n"


def _fixed(source: str) -> str:
    return fix_until_stable(source, lint_alone, unsafe=True)[0]


@pytest.mark.parametrize(
    "before,after",
    [
        ("x = tf.placeholder(tf.float32, [None, 4])\n", "y = tf.matmul(x, w)\n"),  # an earlier tensor, read later
        ("x = tf.placeholder(tf.float32, [None, 4])\n", "\n# %%\ny = tf.matmul(x, w)\n"),  # ...in a later cell
        ("def build():\n    return 1\n", "build()\n"),  # a function of an earlier cell (it may hold TF objects)
        ("sess = tf.InteractiveSession()\n", ""),
        ("", "\n# %%\n__scopelint_unknown__()\n"),  # %run in a later cell
        ("from os.path import *\n", ""),
        ("", "\n# %%\nt = tf.get_default_graph().get_tensor_by_name('m/w:0')\n"),
        ("import mymodel\n", "mymodel.train()\n"),  # code the analysis cannot see into
    ],
)
def test_no_reset_when_an_earlier_object_may_be_reached(before, after):
    source = HEAD + before + CELL + after
    assert "SCO204" in [f.code for f in lint_alone(source)]
    assert "reset_default_graph" not in _fixed(source)


def test_reset_when_earlier_cells_hold_only_plain_values():
    plain = "import numpy as np\nsizes = [4, 2]\nname = 'm'\ndata = np.zeros(sizes)\n"
    cell = "\n# %%\nw = tf.get_variable(name, shape=sizes)\ntotal = data.sum()\n"
    source = HEAD + plain + cell
    assert _fixed(source) == HEAD + plain + cell.replace("# %%\n", "# %%\ntf.reset_default_graph()\n")


def test_reset_is_checked_on_the_lines_it_moves():
    """The reset adds a line: an error further down (SCO101 in a later cell) is
    the same error one line lower, not a new one the fix made."""
    later = "\n# %%\nwith tf.variable_scope('m'):\n    v = tf.get_variable('w', shape=[4, 2])\n"
    source = HEAD + CELL + later
    rerun = [f for f in lint_alone(source) if f.code == "SCO204"]
    assert [f.code for f in plan_fixes(source, rerun, unsafe=True)] == ["SCO204"]


def test_reset_uses_the_files_alias_and_keeps_the_cell_marker():
    source = "# %%\nimport tensorflow.compat.v1 as tf1\nsizes = [4, 2]\n\n# %%\n# build\nw = tf1.get_variable('w', shape=sizes)\n"
    assert _fixed(source) == source.replace("# build\n", "# build\ntf1.reset_default_graph()\n")


# --- under TensorFlow -----------------------------------------------------------


def _cells(nb: dict) -> list:
    cells, _ = read_cells(json.dumps(nb).encode())
    return [[c.number, c.source] for c in cells if c.kind == "code"]


def _fixed_notebook(tmp_path, capsys, nb: dict) -> dict:
    path = tmp_path / "n.ipynb"
    path.write_text(_jupyter(nb), encoding="utf-8")
    _run(["--fix", "--unsafe-fixes", str(path)], capsys)
    return json.loads(path.read_text(encoding="utf-8"))


def _refused(result) -> bool:
    return result.status == "error" and result.error.get("run") == 2


JUDGED = sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.parametrize("nb", [RERUN] + JUDGED, ids=["rerun"] + [p.name for p in JUDGED])
def test_fixed_notebooks_run_all_and_rerun_under_tf(oracle, tmp_path, capsys, nb):
    if isinstance(nb, Path):
        nb = json.loads(nb.read_text(encoding="utf-8"))
    fixed = _fixed_notebook(tmp_path, capsys, nb)
    if fixed == nb:
        return
    main_before, reruns_before = oracle.run_notebook(_cells(nb), timeout=120)
    main_after, reruns_after = oracle.run_notebook(_cells(fixed), timeout=120)
    assert main_before.judged and main_after.judged
    if main_after.raised:  # an error TF raised before may remain; nothing new
        assert main_before.raised, main_after.describe()
    reset = {
        c.number
        for c, old in zip(read_cells(json.dumps(fixed).encode())[0], read_cells(json.dumps(nb).encode())[0])
        if "reset_default_graph" in c.source and "reset_default_graph" not in old.source
    }
    for number, result in reruns_after.items():
        if number in reset and _refused(reruns_before[number]):
            assert result.status == "ok", (number, result.describe())
        elif reruns_before.get(number) is not None and reruns_before[number].status == "ok":
            assert not _refused(result), (number, result.describe())
    assert reset or fixed == nb
