"""Reading notebooks: cells, IPython syntax, positions per cell, malformed
files, and the front ends (text/JSON/SARIF/GitHub output, --names, noqa,
cache, discovery). What TF does with the notebooks: test_notebook_oracle.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import scopelint, write  # noqa: E402

from scopelint.linter import lint_source  # noqa: E402
from scopelint.notebooks import UNKNOWN_NAME, build_program, percent_cells, read_cells, to_python  # noqa: E402

ROBUSTNESS = Path(__file__).parent / "notebooks" / "robustness"


def notebook(*cells, language="python") -> str:
    """nbformat-4 JSON; a cell is ("markdown" | "code" | "raw", source)."""
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"language": language, "name": "k"}},
        "cells": [{"cell_type": kind, "metadata": {}, "source": src, **({"outputs": [], "execution_count": None}
                   if kind == "code" else {})} for kind, src in cells],
    })


DUPLICATE = notebook(
    ("markdown", "# Title"),
    ("code", "import tensorflow as tf"),
    ("markdown", "text"),
    ("code", "with tf.variable_scope('s'):\n    w = tf.get_variable('w', [1])"),
    ("code", "x = 1\nwith tf.variable_scope('s'):\n    w2 = tf.get_variable('w', [1])"),
)


# ---------------------------------------------------------------- IPython syntax

@pytest.mark.parametrize("source,expected", [
    ("%matplotlib inline\nx = 1", "pass\nx = 1"),
    ("%time x = f()", "x = f()"),
    ("  %time  y = g(1)", "  y = g(1)"),
    ("%run other.py", UNKNOWN_NAME + "()"),
    ("%timeit f()", UNKNOWN_NAME + "()"),
    ("!pip install numpy\nfiles = !ls -l", "pass\nfiles = " + UNKNOWN_NAME),
    ("a, b = %sx ls", "a, b = " + UNKNOWN_NAME),
    ("t = %time f(1)", "t = f(1)"),
    ("tf.Variable?\n??tf.get_variable\nx?? # help", "pass\npass\npass"),
    ("%%time\nw = 1\n%time v = 2", "\nw = 1\nv = 2"),
    ("\n%%capture out\nw = 1", "\n\nw = 1"),
    ("%%bash\necho hi\nls", "\n\n"),
    ("%%writefile x.py\nimport tensorflow", "\n"),
    ("%%timeit\nf()", UNKNOWN_NAME + "()\n"),
    # Not at the start of a logical line: left alone.
    ("s = '''\n%time x\n!ls\n'''", "s = '''\n%time x\n!ls\n'''"),
    ("f(a,\n  %b)", "f(a,\n  %b)"),
    ("x = 5 % 3  # a?", "x = 5 % 3  # a?"),
    ("y = a if b else c\nprint(y)", "y = a if b else c\nprint(y)"),
    ("from __future__ import print_function\nx = 1", "pass\nx = 1"),
])
def test_ipython_syntax_becomes_python_line_for_line(source, expected):
    out = to_python(source).text
    assert out == expected
    assert out.count("\n") == source.count("\n")


def test_magic_positions_map_back_to_the_cell():
    nb = notebook(
        ("code", "import tensorflow as tf\nw = tf.get_variable('w', [1])"),
        ("code", "for i in range(1):\n    %time v = tf.get_variable('w', [1])"),
    )
    [f] = [f for f in lint_source(nb, "n.ipynb").findings if f.code == "SCO101"]
    # `    %time v = tf.get_variable(...)`: the call starts at column 15 of the cell's line 2.
    assert (f.cell, f.line, f.column) == (2, 2, 15)
    assert "cell 1 line 2" in f.message and "cell 2 line 2" in f.message


def test_cells_are_counted_among_all_cells_and_positions_are_per_cell():
    findings = lint_source(DUPLICATE, "bug.ipynb", names=True)
    [f] = [f for f in findings.findings if f.code == "SCO101"]
    assert (f.cell, f.line, f.column) == (5, 3, 10)
    assert f.as_dict()["cell"] == 5
    names = [(n.cell, n.line, n.name) for n in findings.names]
    assert names == [(4, 2, "s/w:0")]


def test_notebook_json_is_not_linted_as_a_python_dict():
    """The issue's first report: the JSON parsed as a dict literal, no finding."""
    assert any(f.code == "SCO101" for f in lint_source(DUPLICATE.encode(), "bug.ipynb").findings)
    assert lint_source(DUPLICATE, "bug.py").findings == []


# ---------------------------------------------------------------- malformed and unusual files

@pytest.mark.parametrize("name,message", [
    ("invalid_json.ipynb", "not a notebook: invalid JSON: Expecting ',' delimiter"),
    ("json_array.ipynb", "not a notebook: the JSON document is a list"),
    ("cells_not_list.ipynb", "'cells' must be a list"),
    ("source_not_text.ipynb", "cell 1's 'source' must be a string or a list of strings"),
])
def test_malformed_notebooks_are_one_sco901(name, message):
    result = lint_source((ROBUSTNESS / name).read_bytes(), name)
    [f] = result.findings
    assert f.code == "SCO901" and f.cell is None and message in f.message


def test_undecodable_and_old_notebooks():
    [f] = lint_source(b'\xff\xfe{"nbformat": 4, "tensorflow"', "x.ipynb").findings
    assert f.code == "SCO901" and "not UTF-8" in f.message
    [f] = lint_source(b'{"nbformat": 2, "worksheets": [], "x": "tensorflow"}', "x.ipynb").findings
    assert f.code == "SCO901" and "nbformat 2" in f.message


def test_every_robustness_notebook_lints_without_an_internal_error():
    for path in sorted(ROBUSTNESS.glob("*.ipynb")):
        lint_source(path.read_bytes(), path.name, names=True)  # raises InternalError on a bug


def test_nbformat_3_worksheets_are_read():
    cells, _ = read_cells((ROBUSTNESS / "nbformat3.ipynb").read_bytes())
    assert [c.kind for c in cells] == ["heading", "code", "code"]
    [f] = [f for f in lint_source((ROBUSTNESS / "nbformat3.ipynb").read_bytes(), "o.ipynb").findings if f.code == "SCO101"]
    assert (f.cell, f.line) == (3, 2)


def test_outputs_attachments_raw_and_empty_cells():
    result = lint_source((ROBUSTNESS / "attachments_outputs_raw.ipynb").read_bytes(), "a.ipynb")
    # The raw cell's duplicate is not code; the code cell re-run is the only finding.
    assert [(f.code, f.cell, f.line) for f in result.findings] == [("SCO204", 5, 1)]


def test_a_cell_python_cannot_compile_stops_run_all_there():
    result = lint_source((ROBUSTNESS / "syntax_error_cell.ipynb").read_bytes(), "s.ipynb")
    assert [(f.code, f.cell) for f in result.findings] == [("SCO204", 1), ("SCO901", 2)]
    program = build_program(read_cells((ROBUSTNESS / "syntax_error_cell.ipynb").read_bytes())[0])
    assert program.syntax_error[:2] == (2, 1)


def test_other_kernel_languages_are_not_analysed():
    result = lint_source((ROBUSTNESS / "r_kernel.ipynb").read_bytes(), "r.ipynb")
    assert result.findings == [] and "kernel language is 'r'" in result.notes[0]


# ---------------------------------------------------------------- percent format

def test_percent_format_cells():
    text = "import os\n# %%\na = 1\n\n# %% [markdown]\n# text\n# %%\nb = 2\n"
    assert percent_cells(text) == [(1, 1), (2, 4), (5, 6), (7, 8)]
    assert percent_cells("x = 1\n#%%\n") == [(1, 1), (2, 2)]  # VS Code's spelling is a marker too
    assert percent_cells("x = '# %%'\n") is None


def test_nbqa_cell_separator_is_a_cell_marker():
    """`nbqa flake8` writes cells separated by `# %%NBQA-CELL-SEP<hex>`: the plugin then sees cells."""
    text = "# %%NBQA-CELL-SEPa1b2c3\nimport tensorflow as tf\n\n\n# %%NBQA-CELL-SEPa1b2c3\nw = tf.get_variable('w', [1])\n"
    assert percent_cells(text) == [(1, 4), (5, 6)]
    assert [(f.code, f.line) for f in lint_source(text, "tmp.py").findings] == [("SCO204", 6)]


def test_future_import_in_a_later_cell_is_not_a_syntax_error():
    nb = notebook(("code", "import tensorflow as tf"), ("code", "from __future__ import division\nw = tf.get_variable('w', [1])"))
    assert [(f.code, f.cell, f.line) for f in lint_source(nb, "f.ipynb").findings] == [("SCO204", 2, 2)]


def test_data_library_values_keep_the_analysis_exact():
    """Notebooks mix numpy with the model: a method of a numpy result runs no
    TF code, so names stay known (and the re-run is still found)."""
    source = (
        "import numpy as np\nimport tensorflow as tf\n"
        "batch = np.random.rand(4, 3).astype(np.float32).reshape(2, 6)\n"
        "w = tf.get_variable('w', [1])\nv = tf.get_variable('w', [1])\n"
    )
    assert [(f.code, f.line) for f in lint_source(source, "d.py").findings] == [("SCO101", 5)]
    # A data value handed the user's own function may run it: unknown, as before (no claim).
    source = (
        "import pandas as pd\nimport tensorflow as tf\n"
        "def make():\n    return tf.get_variable('v', [1])\n"
        "frame = pd.DataFrame()\nframe.pipe(make)\n"
        "with tf.variable_scope('', reuse=True):\n    v = tf.get_variable('v', [1])\n"
    )
    assert [f.code for f in lint_source(source, "e.py").findings] == []


def test_rerun_rule_needs_cells():
    source = "import tensorflow as tf\nw = tf.get_variable('w', [1])\n"
    assert lint_source(source, "plain.py").findings == []
    [f] = lint_source("# %%\n" + source, "cells.py").findings
    assert (f.code, f.line, f.cell) == ("SCO204", 3, None)


# ---------------------------------------------------------------- the command line

def test_cli_text_json_names_and_directory_walk(tmp_path):
    write(tmp_path, "nbs/bug.ipynb", DUPLICATE)
    write(tmp_path, "nbs/ok.py", "x = 1\n")
    p = scopelint("nbs", "--no-cache", cwd=tmp_path)
    assert p.returncode == 1
    assert p.out.splitlines()[0].startswith("nbs/bug.ipynb:cell 4:2:9: SCO204 ")
    assert p.out.splitlines()[1].startswith("nbs/bug.ipynb:cell 5:3:10: SCO101 Variable s/w already exists")
    rows = json.loads(scopelint("nbs", "--no-cache", "--format", "json", cwd=tmp_path).out)
    assert [(r["cell"], r["line"], r["column"], r["code"]) for r in rows] == [(4, 2, 9, "SCO204"), (5, 3, 10, "SCO101")]
    names = scopelint("--names", "nbs/bug.ipynb", "--no-cache", cwd=tmp_path).out
    assert names == "nbs/bug.ipynb:cell 4:2:9: s/w:0 (create via get_variable) shape=(1,) dtype=float32\n"
    github = scopelint("nbs", "--no-cache", "--format", "github", cwd=tmp_path).out.splitlines()
    assert github[1].startswith("::error file=nbs/bug.ipynb,title=SCO101::cell 5, line 3, column 10: Variable s/w")
    sarif = json.loads(scopelint("nbs", "--no-cache", "--format", "sarif", cwd=tmp_path).out)
    loc = sarif["runs"][0]["results"][1]["locations"][0]
    assert "region" not in loc["physicalLocation"] and loc["logicalLocations"][0]["name"] == "cell 5"


def test_cli_include_and_exclude_notebooks(tmp_path):
    write(tmp_path, "bug.ipynb", DUPLICATE)
    write(tmp_path, "pyproject.toml", "[tool.scopelint]\nextend-exclude = ['*.ipynb']\n")
    assert scopelint(".", "--no-cache", cwd=tmp_path).returncode == 0
    write(tmp_path, "pyproject.toml", "[tool.scopelint]\ninclude = ['*.py']\n")
    assert scopelint(".", "--no-cache", cwd=tmp_path).returncode == 0
    write(tmp_path, "pyproject.toml", "[tool.scopelint]\n")
    assert scopelint(".", "--no-cache", cwd=tmp_path).returncode == 1


def test_cli_noqa_in_cells_and_cache(tmp_path):
    nb = notebook(
        ("code", "import tensorflow as tf"),
        ("code", "w = tf.get_variable('w', [1])  # noqa: SCO204"),
        ("code", "v = tf.get_variable('v', [1])"),
    )
    write(tmp_path, "n.ipynb", nb)
    first = scopelint("n.ipynb", "--cache-dir", "c", cwd=tmp_path)
    assert [line.split(": SCO")[0] for line in first.out.splitlines()[:-1]] == ["n.ipynb:cell 3:1:5"]
    again = scopelint("n.ipynb", "--cache-dir", "c", cwd=tmp_path)
    assert again.out == first.out and list((tmp_path / "c").rglob("*.json"))
    unused = scopelint("n.ipynb", "--no-cache", "--extend-select", "SCO902", "--format", "json", cwd=tmp_path)
    assert [r["code"] for r in json.loads(unused.out)] == ["SCO204"]
    # A file-level `# scopelint: noqa` in any cell covers the whole notebook.
    write(tmp_path, "n.ipynb", notebook(("code", "# scopelint: noqa"), ("code", "import tensorflow as tf"),
                                        ("code", "v = tf.get_variable('v', [1])")))
    assert scopelint("n.ipynb", "--no-cache", cwd=tmp_path).returncode == 0


def test_flake8_plugin_skips_notebook_json_and_sees_percent_cells():
    from scopelint.flake8_plugin import ScopelintChecker

    def codes(text, filename):
        return [(line, message.split()[0]) for line, _col, message, _t in
                ScopelintChecker(None, text.splitlines(True), filename).run()]

    # flake8 hands the notebook's JSON lines: cell positions cannot be shown on them.
    assert codes(DUPLICATE, "bug.ipynb") == []
    assert codes("# %%\nimport tensorflow as tf\n# %%\nw = tf.get_variable('w', [1])\n", "cells.py") == [(4, "SCO204")]
