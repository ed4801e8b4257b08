"""The text prefilter (a file in which no TensorFlow name appears is not
parsed) changes no result (issue 6).

For every file of a varied corpus, `lint_source` with and without the
prefilter gives the same findings and the same predicted names. The one
intended difference: a file with no TensorFlow name that is not valid
Python gets no SCO901 with the prefilter (it is never parsed); it can have
no other finding, which the test checks.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from scopelint.linter import lint_source

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.stdlib import stdlib_files  # noqa: E402

STDLIB_SAMPLE = 30


def _stdlib_sample():
    files = [f for f in stdlib_files() if Path(f).stat().st_size < 60_000]
    files.sort(key=lambda f: hashlib.sha256(f.encode()).hexdigest())  # stable, spread over Lib/
    return files[:STDLIB_SAMPLE]


def _project_files():
    files = sorted(ROOT.glob("examples/*.py")) + sorted(ROOT.glob("tests/programs/**/*.py"))
    files += sorted(ROOT.glob("tests/regressions/**/*.py"))
    return [str(f) for f in files]


TF_BODY = (
    "with tf.variable_scope('s'):\n    w = tf.get_variable('w', [1])\n"
    "with tf.variable_scope('s'):\n    w = tf.get_variable('w', [1])\n"
)
# Where the text and the decoded program could disagree about TensorFlow.
SYNTHETIC = {
    "tf-only-in-a-comment": b"# built for tensorflow 1.15\nx = 1\n",
    "tf-only-in-a-string": b"NAME = 'tensorflow'\nimport os\n",
    "tf-via-importlib": b"import importlib\ntf = importlib.import_module('tensor' + 'flow')\n" + TF_BODY.encode(),
    "tf-slim-only": b"import tf_slim as slim\nnet = slim.fully_connected(x, 10, scope='fc')\n"
                    b"net = slim.fully_connected(x, 10, scope='fc')\n",
    "latin-1-declared": b"# -*- coding: latin-1 -*-\nimport tensorflow as tf\nname = 'caf\xe9'\n" + TF_BODY.encode(),
    # utf-7 spells `tensorflow` in other bytes: the decoded text is searched.
    "utf-7-declared": b"# coding: utf-7\nimport +AHQ-ensorflow as tf\n" + TF_BODY.encode(),
    "fullwidth-identifier": "import \uff54ensorflow as tf\n".encode() + TF_BODY.encode(),
    "py2-without-tf": b"print 'hello'\n",
    "py2-with-tf": b"import tensorflow as tf\nprint tf\n",
    "undecodable-without-tf": b"x = '\xff'\n",
    "empty": b"",
}


def _corpus():
    out = [(f"stdlib/{Path(f).name}", f) for f in _stdlib_sample()]
    out += [(str(Path(f).relative_to(ROOT)), f) for f in _project_files()]
    out += [(name, data) for name, data in SYNTHETIC.items()]
    return out


CORPUS = _corpus()


def _read(item):
    return item if isinstance(item, bytes) else Path(item).read_bytes()


@pytest.mark.parametrize("item", [c[1] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_results_are_identical_with_and_without_the_prefilter(item):
    data = _read(item)
    on = lint_source(data, "m.py", names=True)
    off = lint_source(data, "m.py", names=True, prefilter=False)
    assert not off.skipped
    if on.skipped:
        assert b"tensorflow" not in data and b"tf_slim" not in data
        assert [f for f in off.findings if f.code != "SCO901"] == []
        assert off.names == []
    else:
        assert (on.findings, on.names, on.notes) == (off.findings, off.names, off.notes)


def test_the_corpus_is_varied():
    """Guard against a corpus that proves nothing: files skipped and not,
    findings of several rules, names predicted, parse errors."""
    skipped = analysed = 0
    codes = set()
    names = 0
    for _name, item in CORPUS:
        result = lint_source(_read(item), "m.py", names=True)
        skipped += result.skipped
        analysed += not result.skipped
        codes |= {f.code for f in result.findings}
        names += len(result.names)
    assert skipped >= 20 and analysed >= 80
    assert {"SCO101", "SCO102", "SCO201", "SCO901"} <= codes and len(codes) >= 8
    assert names >= 300


def test_text_prefilter_sees_through_declared_encodings():
    result = lint_source(SYNTHETIC["utf-7-declared"], "m.py")
    assert not result.skipped and [f.code for f in result.findings] == ["SCO101"]
