"""The prefilter changes no result.

For every file of a varied corpus, `lint_source` with and without the
prefilter gives the same findings and the same predicted names. Both
stages are checked: the text search for TensorFlow, and the search for an
API that reports (scopelint.engine.vocabulary). The intended differences:
a file with no TensorFlow name that is not valid Python gets no SCO901
with the prefilter (it is never parsed), and neither does a file that
names no API that reports and that only libcst, not CPython, refuses
(libcst never sees it); such files can have no other finding, which the
test checks.
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
    # TensorFlow without any API that reports (the vocabulary stage skips
    # them): ops, initializers, graphs, scope objects, collections.
    "tf-ops-only": b"import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 3], name='x')\n"
                   b"y = tf.nn.relu(tf.matmul(x, tf.ones([3, 2])), name='out')\nz = tf.identity(y, name='out')\n",
    "tf-scope-object-only": b"import tensorflow as tf\nsc = tf.get_variable_scope()\nsc.reuse_variables()\n"
                            b"g = tf.Graph()\nwith g.as_default():\n    v = tf.trainable_variables()\n",
    "tf-vocabulary-in-a-comment": b"import tensorflow as tf\n# no tf.get_variable here\nx = tf.zeros([2])\n",
    "tf-unmodelled-optimizer": b"import tensorflow as tf\nopt = tf.train.ProximalAdagradOptimizer(0.1)\n"
                               b"w = tf.get_variable('w', [1])\nstep = opt.minimize(tf.reduce_sum(w))\n",
    "tf-variable-v1-alias": b"import tensorflow as tf\nwith tf.variable_scope('s', reuse=True):\n"
                            b"    a = tf.VariableV1(0.0, name='v')\n",
    "libcst-cannot-parse-nothing-to-report": b"import tensorflow as tf\nx = " + b" ".join([b"'a'"] * 5000) + b"\n",
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
    elif on.findings == [] and off.findings and all("scopelint's parser (libcst)" in f.message for f in off.findings):
        from scopelint.engine.vocabulary import may_report

        assert not may_report(data.decode("utf-8", "replace")) and off.names == []
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


def test_the_vocabulary_stage_skips_tensorflow_files_that_name_no_reporting_api():
    from scopelint.engine.vocabulary import may_report

    for name in ("tf-ops-only", "tf-scope-object-only"):
        assert not may_report(SYNTHETIC[name].decode())
    for name in ("tf-vocabulary-in-a-comment", "tf-unmodelled-optimizer", "tf-variable-v1-alias"):
        assert may_report(SYNTHETIC[name].decode())
    # An alias through which TF reaches a reporting API is part of it.
    assert [f.code for f in lint_source(SYNTHETIC["tf-variable-v1-alias"], "m.py").findings] == ["SCO202"]


def test_value_only_apis_never_emit_an_event(monkeypatch):
    """What the vocabulary stage relies on: the handlers declared value-only
    (`value_only` in dispatch.REGISTRY) emit no event, over the whole project
    corpus and a program that calls each of them inside scopes."""
    from scopelint.engine import vocabulary  # noqa: F401  (registers every handler)
    from scopelint.engine.dispatch import REGISTRY, Api

    value_apis = sorted(name for name, api in REGISTRY.apis.items() if api.value_only)
    emitted_inside = []
    for name in value_apis:
        original = REGISTRY.apis[name].handler

        def wrapped(interp, args, kwargs, node, _original=original, _api=name):
            before = len(interp.events)
            try:
                return _original(interp, args, kwargs, node)
            finally:
                if len(interp.events) != before:
                    emitted_inside.append(_api)

        monkeypatch.setitem(REGISTRY.apis, name, Api(wrapped, value_only=True))
    calls = "\n".join(f"        v{i} = tf.{api}(x, name='n{i}')" for i, api in enumerate(value_apis))
    program = (
        "import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 3])\n"
        "with tf.variable_scope('s', reuse=True):\n    with tf.name_scope('n'):\n" + calls + "\n"
    )
    lint_source(program, "calls.py", names=True, prefilter=False)
    for f in _project_files():
        lint_source(Path(f).read_bytes(), f, names=True, prefilter=False)
    assert emitted_inside == []


def test_text_prefilter_sees_through_declared_encodings():
    result = lint_source(SYNTHETIC["utf-7-declared"], "m.py")
    assert not result.skipped and [f.code for f in result.findings] == ["SCO101"]
