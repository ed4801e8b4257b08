"""`scopelint --names --checkpoint`: the code's names beside a checkpoint's keys.

Hand-made checkpoints check the statuses, formats, configuration and
errors; programs saved and rebuilt under real TensorFlow check that the
comparison says what TF's graphs and checkpoints say.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scopelint.checkpoint_compare import compare, name_pattern, prefix_hints, variable_name
from scopelint.checkpoint_reader import read_index
from scopelint.results import NameRecord
from tests.test_checkpoint_reader import build_table, entry, header

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import scopelint, write  # noqa: E402

MODEL = """\
import mylib  # not in the project: calling it may make any variable
import tensorflow as tf

with tf.variable_scope('net'):
    w = tf.get_variable('w', [4, 2])
    b = tf.get_variable('b', [2])
    extra = tf.get_variable('extra', [2])
with tf.variable_scope(mylib.scope_name()):
    u = tf.get_variable('u', [2])
v = tf.get_variable('v', [3])
k = tf.get_variable('k', [3])
"""


def write_checkpoint(directory: Path, keys, prefix="model.ckpt-10", shards=1, data=True):
    """A checkpoint as TF lays it out: index, data files, `checkpoint` file."""
    directory.mkdir(parents=True, exist_ok=True)
    items = [(b"", header(num_shards=shards))] + sorted((k.encode(), entry(1, shape)) for k, shape in keys)
    (directory / f"{prefix}.index").write_bytes(build_table(items))
    for i in range(shards if data else 0):
        (directory / f"{prefix}.data-{i:05d}-of-{shards:05d}").write_bytes(b"")
    (directory / "checkpoint").write_text(f'model_checkpoint_path: "{prefix}"\n')
    return directory / prefix


# --names predicts net/w, net/b, net/extra, then v? and k? (after a scope
# named at run time, a later name may get a suffix).
KEYS = [("net/w", [4, 2]), ("net/b", [2]), ("v", [3]), ("v_1", [3]), ("global_step", [])]


def record(name, line=1):
    return NameRecord("m.py", line, 1, name, "create", "get_variable")


def test_compare_statuses():
    keys = [("net/w", [4, 2]), ("net/b", [2]), ("enc/u", [2]), ("dec/u", [2]), ("global_step", [])]
    ckpt = read_index(build_table([(b"", header())] + sorted((k.encode(), entry(1, s)) for k, s in keys)))
    rows = compare([record("net/w:0"), record("net/b:0", 2), record("net/b:0", 3), record("v:0"),
                    record("?/u:0"), record("?/zz:0")], ckpt)
    got = {(r.status, r.name, tuple(e.name for e in r.keys)) for r in rows}
    assert got == {
        ("both", "net/w", ("net/w",)),
        ("both", "net/b", ("net/b",)),
        ("not-in-checkpoint", "v", ()),
        ("maybe", "?/u", ("dec/u", "enc/u")),
        ("unknown", "?/zz", ()),
        ("not-in-code", None, ("global_step",)),
    }
    assert [len(r.where) for r in rows if r.name == "net/b"] == [2]


def test_partitioned_parts_are_saved_under_the_logical_name():
    keys = [("emb/table", [10, 4]), ("w/part_0", [1])]
    ckpt = read_index(build_table([(b"", header())] + sorted((k.encode(), entry(1, s)) for k, s in keys)))
    rows = compare([record("emb/table/part_0:0"), record("emb/table/part_1:0"), record("emb/table", 2),
                    record("w/part_0:0"), record("x/part_0:0")], ckpt)
    got = {(r.status, r.name, len(r.where)) for r in rows}
    assert got == {("both", "emb/table", 3), ("both", "w/part_0", 1), ("not-in-checkpoint", "x/part_0", 1)}


def test_prefix_hints():
    keys = [("model/enc/w", [1]), ("model/enc/b", [1]), ("other/enc/w", [1]), ("head/k", [1]), ("v", [1])]
    ckpt = read_index(build_table([(b"", header())] + sorted((k.encode(), entry(1, s)) for k, s in keys)))
    rows = compare([record("enc/w:0"), record("enc/b:0"), record("tower/head/k:0"), record("v:0"), record("x:0")], ckpt)
    hints = [(h.kind, h.prefix, h.names) for h in prefix_hints(rows, ckpt)]
    # `model/` explains both encoder names; `other/` explains nothing more.
    assert hints == [("added", "model/", ("enc/b", "enc/w")), ("removed", "tower/", ("tower/head/k",))]


def test_name_patterns():
    assert name_pattern("a/b") is None
    p = name_pattern("?/dense_?/kernel")
    assert p.fullmatch("x/y/dense_3/kernel") and p.fullmatch("/dense_/kernel")
    assert not p.fullmatch("x/dense_1/kernel/Adam")
    assert name_pattern("a.b?").fullmatch("a.b_1") and not name_pattern("a.b?").fullmatch("axb")
    assert variable_name("s/w:0") == "s/w" and variable_name("s/w?") == "s/w?"


def test_cli_text(tmp_path):
    write(tmp_path, "model.py", MODEL)
    write_checkpoint(tmp_path / "ckpt", KEYS)
    p = scopelint("--names", "--checkpoint", "ckpt", "model.py", cwd=tmp_path)
    assert p.returncode == 0, p.err
    lines = p.out.splitlines()
    assert lines[0] == f"checkpoint: {os.path.join('ckpt', 'model.ckpt-10')} (5 keys, 1 shard)"
    assert lines[1].split() == ["code", "checkpoint", "dtype", "shape", "status", "where"]
    rows = [line.split() for line in lines[2:-1]]
    assert ["net/w", "net/w", "float32", "[4,", "2]", "both", "model.py:5:9"] in rows
    assert ["net/extra", "-", "not-in-checkpoint", "model.py:7:13"] in rows
    assert ["v?", "v", "float32", "[3]", "maybe", "model.py:10:5"] in rows
    assert ["v_1", "float32", "[3]", "maybe"] in rows  # the pattern's second key
    assert ["k?", "-", "unknown", "model.py:11:5"] in rows
    assert ["-", "global_step", "float32", "[]", "not-in-code"] in rows
    assert len(rows) == 7
    assert lines[-1] == ("5 names in the code, 5 keys in the checkpoint: 2 in both, 1 not in the checkpoint, "
                         "1 maybe, 1 unknown; 1 key not in the code.")
    concise = scopelint("--names", "--checkpoint", "ckpt", "--format", "concise", "model.py", cwd=tmp_path)
    assert concise.out.splitlines() == lines[2:-1]


def test_cli_json(tmp_path):
    write(tmp_path, "model.py", MODEL)
    write_checkpoint(tmp_path / "ckpt", KEYS)
    p = scopelint("--names", "--checkpoint", "ckpt/model.ckpt-10.index", "--format", "json", "model.py", cwd=tmp_path)
    assert p.returncode == 0, p.err
    data = json.loads(p.out)
    assert data["checkpoint"] == {"prefix": os.path.join("ckpt", "model.ckpt-10"), "format": "V2", "keys": 5, "shards": 1,
                                  "missing_data_files": []}
    assert data["summary"] == {"both": 2, "not-in-checkpoint": 1, "maybe": 1, "unknown": 1, "not-in-code": 1}
    maybe = [r for r in data["rows"] if r["status"] == "maybe"]
    assert maybe == [{
        "status": "maybe", "name": "v?",
        "keys": [{"key": "v", "dtype": "float32", "shape": [3]}, {"key": "v_1", "dtype": "float32", "shape": [3]}],
        "where": [{"path": "model.py", "line": 10, "column": 5, "name": "v?", "action": "unknown",
                   "api": "get_variable", "more_iterations": False, "chain": [{"path": "model.py", "line": 10}],
                   "shape": None, "dtype": None}],
    }]


def test_configuration_key_is_relative_to_the_configuration_file(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.scopelint]\ncheckpoint = "runs/ckpt"\n')
    write(tmp_path, "src/model.py", MODEL)
    write_checkpoint(tmp_path / "runs" / "ckpt", KEYS)
    p = scopelint("--names", "model.py", cwd=tmp_path / "src")
    assert p.returncode == 0, p.err
    assert p.out.startswith("checkpoint: ") and "runs" in p.out.splitlines()[0]
    # The command line wins over the configuration.
    write_checkpoint(tmp_path / "other", [("k", [3])])
    p = scopelint("--names", "--checkpoint", "../other", "model.py", cwd=tmp_path / "src")
    assert "(1 key, 1 shard)" in p.out.splitlines()[0]
    # Without --names a path that does not exist yet (before training) is fine.
    write(tmp_path, "pyproject.toml", '[tool.scopelint]\ncheckpoint = "not/yet/trained"\n')
    p = scopelint("model.py", cwd=tmp_path / "src")
    assert (p.returncode, p.err) == (0, "")


def test_configuration_key_must_be_a_path(tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.scopelint]\ncheckpoint = 3\n")
    write(tmp_path, "model.py", MODEL)
    p = scopelint("--names", "model.py", cwd=tmp_path)
    assert p.returncode == 2
    assert "'checkpoint' must be a path" in p.err


def test_checkpoint_without_names_is_the_restore_check(tmp_path):
    write(tmp_path, "model.py", MODEL)
    missing = scopelint("--checkpoint", "does/not/exist", "model.py", cwd=tmp_path)
    assert missing.returncode == 2 and missing.out == ""
    assert missing.err.startswith("scopelint: error: cannot read checkpoint: does/not/exist: no such checkpoint")
    write_checkpoint(tmp_path / "ckpt", KEYS)
    # model.py restores nothing: the checkpoint is read, and linting goes on as usual.
    p = scopelint("--checkpoint", "ckpt", "model.py", cwd=tmp_path)
    plain = scopelint("model.py", cwd=tmp_path)
    assert (p.returncode, p.out, p.err) == (plain.returncode, plain.out, plain.err)


@pytest.mark.parametrize("setup, message", [
    (lambda d: None, "cannot read checkpoint: nowhere: no such checkpoint"),
    (lambda d: (d / "nowhere").mkdir(), "no 'checkpoint' file in this directory"),
    (lambda d: (d / "nowhere.index").write_bytes(b"\x01" * 300), "bad magic number"),
    (lambda d: (d / "nowhere.index").write_bytes(build_table(
        [(b"", header()), (b"_CHECKPOINTABLE_OBJECT_GRAPH", entry(7, []))])), "object-based (TF2) checkpoint: not supported"),
    (lambda d: (d / "nowhere.index").write_bytes(build_table([(b"", header()), (b"w", entry(1, [2]))])[:-60]),
     "cannot read checkpoint: nowhere.index:"),
])
def test_bad_checkpoint_exits_2_with_one_line(tmp_path, setup, message):
    write(tmp_path, "model.py", MODEL)
    setup(tmp_path)
    p = scopelint("--names", "--checkpoint", "nowhere", "model.py", cwd=tmp_path)
    assert p.returncode == 2
    assert p.out == ""
    assert len(p.err.splitlines()) == 1 and p.err.startswith("scopelint: error: "), p.err
    assert message in p.err


def test_missing_data_file_is_a_warning(tmp_path):
    write(tmp_path, "model.py", MODEL)
    write_checkpoint(tmp_path / "ckpt", KEYS, shards=2, data=False)
    p = scopelint("--names", "--checkpoint", "ckpt", "model.py", cwd=tmp_path)
    assert p.returncode == 0
    assert p.err.count("scopelint: warning: checkpoint data file") == 2
    assert "model.ckpt-10.data-00001-of-00002 is missing" in p.err


# --- judged by TF: save with one program, rebuild with another ---------------

# Each pair: the training program that saves, the program scopelint compares
# with the checkpoint. TF builds both; what the second's graph holds and the
# checkpoint holds decides every status.
TRAIN = """\
import tensorflow.compat.v1 as tf

x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('net'):
    h = tf.layers.dense(x, 3, name='fc1')
    w = tf.get_variable('w', [3, 1])
with tf.name_scope('stats'):
    count = tf.Variable(0, name='count', trainable=False)
loss = tf.reduce_sum(tf.matmul(h, w))
step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=step)
"""
PROGRAMS = {
    # The same model without the optimizer: every name is in the checkpoint.
    "eval_ok": """\
import tensorflow.compat.v1 as tf

x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('net'):
    h = tf.layers.dense(x, 3, name='fc1')
    w = tf.get_variable('w', [3, 1])
with tf.name_scope('stats'):
    count = tf.Variable(0, name='count', trainable=False)
""",
    # An extra scope around the model, a second dense layer, a rebuilt
    # tf.Variable (stats/count_1): names the checkpoint does not hold.
    "eval_bugs": """\
import tensorflow.compat.v1 as tf

def model(x):
    with tf.variable_scope('net'):
        h = tf.layers.dense(x, 3, name='fc1')
        w = tf.get_variable('w', [3, 1])
    return tf.layers.dense(tf.matmul(h, w), 1)

x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('tower'):
    y = model(x)
with tf.name_scope('stats'):
    count = tf.Variable(0, name='count', trainable=False)
with tf.name_scope('stats'):
    count2 = tf.Variable(0, name='count', trainable=False)
""",
    # The training program itself.
    "train": TRAIN,
}
# The same, saved in the V1 format (TF before 1.2).
PROGRAMS["eval_bugs_v1"] = PROGRAMS["eval_bugs"]

TF_DRIVER = """\
import json, os, re, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
import tensorflow.compat.v1 as tf
jobs = json.load(open(sys.argv[1]))
out = {}
for job in jobs:
    os.chdir(job["dir"])
    with tf.Graph().as_default():
        exec(compile(open("train.py").read(), "train.py", "exec"), {"__name__": "__main__"})
        if job["save"]:
            saver = tf.train.Saver(write_version=tf.train.SaverDef.V1 if job["v1"] else tf.train.SaverDef.V2)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                saver.save(sess, os.path.join("ckpt", "model.ckpt"), global_step=1, write_meta_graph=False)
    error = None
    with tf.Graph().as_default():
        try:
            exec(compile(open(job["program"]).read(), job["program"], "exec"), {"__name__": "__main__"})
        except Exception as exc:  # the docs' evaluate.py restores, and fails
            found = re.search("Key [^ ]+ not found in checkpoint", str(exc))
            error = found.group(0) if found else str(exc)[:500]
        graph = [v.op.name for v in tf.global_variables()]
    out[job["name"]] = {"graph": graph, "keys": [k for k, _ in tf.train.list_variables("ckpt")], "error": error}
json.dump(out, open(sys.argv[2], "w"))
"""
DOCS_EXAMPLE = Path(__file__).parent / "data" / "checkpoints"  # docs/checkpoints.md's train.py and evaluate.py


@pytest.fixture(scope="module")
def tf_programs(tmp_path_factory):
    from tests.oracle.client import SKIP_ENV, _python, oracle_unavailable_reason

    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: TensorFlow oracle tests skipped")
    reason = oracle_unavailable_reason()
    if reason is not None:
        pytest.fail(f"the TensorFlow oracle is unavailable: {reason}", pytrace=False)
    base = tmp_path_factory.mktemp("programs")
    jobs = []
    for name, source in PROGRAMS.items():
        d = base / name
        (d / "ckpt").mkdir(parents=True)
        (d / "train.py").write_text(TRAIN)
        (d / "program.py").write_text(source)
        jobs.append({"name": name, "dir": str(d), "save": True, "program": "program.py", "v1": name.endswith("_v1")})
    shutil.copytree(DOCS_EXAMPLE, base / "docs")
    (base / "docs" / "ckpt").mkdir()
    jobs.append({"name": "docs", "dir": str(base / "docs"), "save": False, "program": "evaluate.py", "v1": False})
    (base / "jobs.json").write_text(json.dumps(jobs))
    (base / "driver.py").write_text(TF_DRIVER)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", TF_USE_LEGACY_KERAS="1")
    proc = subprocess.run([_python(), str(base / "driver.py"), str(base / "jobs.json"), str(base / "out.json")],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return base, json.loads((base / "out.json").read_text())


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_comparison_agrees_with_tf(tf_programs, name):
    base, results = tf_programs
    graph, keys = set(results[name]["graph"]), set(results[name]["keys"])
    p = scopelint("--names", "--checkpoint", "ckpt", "--format", "json", "program.py", cwd=base / name)
    assert p.returncode == 0, p.err
    rows = json.loads(p.out)["rows"]
    assert json.loads(p.out)["checkpoint"]["format"] == ("V1" if name.endswith("_v1") else "V2")
    by_status = {}
    for row in rows:
        by_status.setdefault(row["status"], set()).add(row["name"] or row["keys"][0]["key"])
    # Every name is known in these programs, so each status is exact.
    assert by_status.get("maybe", set()) == by_status.get("unknown", set()) == set()
    assert by_status.get("both", set()) == graph & keys
    assert by_status.get("not-in-checkpoint", set()) == graph - keys
    assert by_status.get("not-in-code", set()) == keys - graph
    hints = json.loads(p.out)["hints"]
    if name.startswith("eval_bugs"):
        assert graph - keys, "the buggy program must miss keys"
        # The extra `tower` scope: every name under it is in the checkpoint without it.
        explained = {n for n in graph - keys if n.startswith("tower/") and n[len("tower/"):] in keys}
        assert explained and {"kind": "removed", "prefix": "tower/", "names": sorted(explained)} in hints
    else:
        assert graph <= keys and hints == []


def test_docs_example_is_what_scopelint_and_tf_say(tf_programs):
    base, results = tf_programs
    doc = (Path(__file__).resolve().parent.parent / "docs" / "checkpoints.md").read_text(encoding="utf-8")
    evaluate = (DOCS_EXAMPLE / "evaluate.py").read_text()
    assert f"```python\n{evaluate}```" in doc
    shown = re.search(r"```console\n\$ (scopelint --names --checkpoint ckpt evaluate.py)\n(.*?)```", doc, re.S)
    p = scopelint(*shown.group(1).split()[1:], cwd=base / "docs")
    assert (p.returncode, p.out) == (0, shown.group(2))
    assert f"`NotFoundError: {results['docs']['error']}`" in " ".join(doc.split())
