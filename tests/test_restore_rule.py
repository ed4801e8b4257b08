"""SCO112's precision (what stays silent) and its plumbing: the key sets
the engine gives Savers, the records the project-level step links, and the
cache. What TF does with these programs is judged in
tests/test_restore_oracle.py; here scopelint must claim nothing it cannot
know."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

import scopelint
from scopelint.restore_compare import compare, likely_cause
from scopelint.results import CheckpointRecord

HEAD = """import os
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
"""

SAVE_W = """
w = tf.get_variable('w', [3])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    {save}
tf.reset_default_graph()
"""

RESTORE_V = """
v = tf.get_variable('v', [3])
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, {path})
"""


def sco112(source: str) -> list:
    result = scopelint.lint_source(textwrap.dedent(source), "prog.py")
    return [f for f in result.findings if f.code == "SCO112"]


def test_the_plain_case_is_found():
    found = sco112(HEAD + SAVE_W.format(save="saver.save(sess, 'ck/m')") + RESTORE_V.format(path="'ck/m'"))
    assert len(found) == 1 and "needs 1 key the checkpoint will not hold: v" in found[0].message
    assert "Saver built at line" in found[0].message and "checkpoint written at line 9" in found[0].message


@pytest.mark.parametrize("save, path", [
    ("saver.save(sess, 'ck/m')", "'ck/other'"),  # another checkpoint: not this program's
    ("saver.save(sess, CKPT)", "'ck/m'"),  # a path the analysis cannot know may be ck/m
    ("saver.save(sess, 'ck/m', global_step=tf.train.get_global_step())", "'ck/m-5'"),  # m-? may be m-5
    ("if os.environ.get('SAVE'):\n        saver.save(sess, 'ck/m')", "'ck/m'"),  # may not have run
    ("saver.save(sess, 'ck/m', latest_filename='ck2')", "tf.train.latest_checkpoint('ck')"),
])  # fmt: skip
def test_an_unknown_link_is_silent(save, path):
    source = HEAD + "CKPT = os.environ['CKPT']\n" + SAVE_W.format(save=save) + RESTORE_V.format(path=path)
    assert sco112(source) == []


@pytest.mark.parametrize("save, path", [
    ("saver.save(sess, 'ck/m', global_step=5)", "'ck/m-5'"),
    ("saver.save(sess, os.path.join('ck', 'm'), global_step=5)", "tf.train.latest_checkpoint('ck')"),
    ("saver.save(sess, 'ck/m', global_step=tf.train.get_global_step())", "tf.train.latest_checkpoint('./ck')"),
    ("saver.save(sess, 'ck/m')", "tf.train.get_checkpoint_state('ck').model_checkpoint_path"),
])  # fmt: skip
def test_paths_that_link(save, path):
    assert len(sco112(HEAD + SAVE_W.format(save=save) + RESTORE_V.format(path=path))) == 1


def test_unknown_key_sets_are_silent():
    save = SAVE_W.format(save="saver.save(sess, 'ck/m')")
    unknown_var = "\nv = tf.get_variable('v' + os.environ['X'], [3])\nsaver = tf.train.Saver()\n"
    unknown_call = "\nimport mylib\nmylib.build()\nsaver = tf.train.Saver()\n"
    unknown_list = "\nv = tf.get_variable('v', [3])\nsaver = tf.train.Saver(var_list=mylib.pick())\n"
    for build in (unknown_var, unknown_call, unknown_list):
        source = HEAD + save + build + "with tf.Session() as sess:\n    saver.restore(sess, 'ck/m')\n"
        assert sco112(source) == [], build


def test_missing_slots_alone_are_silent_and_named_beside_a_certain_key():
    needed = {"w": ("w", (3,), False), "w/Adam": ("w/Adam", (3,), True)}
    assert compare(needed, {"w": (3,)}) is None
    problem = compare(dict(needed, beta1_power=("beta1_power", (), False)), {"w": (3,)})
    assert problem.missing == ("beta1_power",) and problem.slots == ("w/Adam",)


def test_unknown_parts_are_never_missing():
    assert compare({"a/?/w": ("a/?/w", None, False)}, {"x": None}) is None
    assert compare({"a/b/w": ("a/b/w", None, False)}, {"a/?": None}) is None  # the pattern may be it
    assert compare({"w": ("w", (3,), False)}, {"w": None}) is None  # a shape not known is no mismatch


@pytest.mark.parametrize("missing, held, words", [
    (["enc/w"], ["model/enc/w"], "under 'model/'"),
    (["eval/enc/w"], ["enc/w"], "without 'eval/'"),
    (["w_1"], ["w"], "'_1' suffix"),
    (["dense_2/kernel"], ["dense/kernel", "dense_1/kernel"], "automatic names shifted"),
    (["global_step", "beta1_power"], ["w"], "optimizer or global step"),
    (["w:0"], ["w"], "ends in ':0'"),
    (["student/w"], ["teacher/w"], "under 'teacher/' instead of 'student/'"),
    (["w/Adam_ft"], ["w", "w/Adam"], "the optimizer was renamed"),
])  # fmt: skip
def test_likely_causes(missing, held, words):
    assert words in likely_cause(missing, held)


def test_records_survive_the_cache(tmp_path):
    record = CheckpointRecord("a.py", 3, 5, "saver.restore", "latest", "ck", "", (("w", "w", (3,), False, "int64"),), 2)
    again = CheckpointRecord.from_list("a.py", json.loads(json.dumps(record.as_list())))
    assert again == record


def _cli(cwd, *args):
    return subprocess.run([sys.executable, "-m", "scopelint", "--format", "json", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)  # fmt: skip


def test_programs_link_through_the_project_root(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.scopelint]\n")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "train.py").write_text(HEAD + SAVE_W.format(save="saver.save(sess, 'runs/m', global_step=9)"))
    (tmp_path / "scripts" / "eval.py").write_text(HEAD + RESTORE_V.format(path="tf.train.latest_checkpoint('runs')"))
    p = _cli(tmp_path, ".")
    found = [f for f in json.loads(p.stdout) if f["code"] == "SCO112"]
    assert [(f["path"], f["line"]) for f in found] == [("scripts/eval.py", 8)], p.stdout
    assert "written by train.py:9" in found[0]["message"]
    # The cached run says the same.
    assert json.loads(_cli(tmp_path, ".").stdout) == json.loads(p.stdout)
    # A save whose path is unknown could be the one eval.py reads: silent.
    (tmp_path / "other.py").write_text(HEAD + "import sys\n" + SAVE_W.format(save="saver.save(sess, sys.argv[1])"))
    assert [f for f in json.loads(_cli(tmp_path, ".").stdout) if f["code"] == "SCO112"] == []


def test_noqa_silences_a_cross_program_finding(tmp_path):
    (tmp_path / "train.py").write_text(HEAD + SAVE_W.format(save="saver.save(sess, 'runs/m')"))
    restore = RESTORE_V.format(path="'runs/m'").rstrip("\n") + "  # noqa: SCO112\n"
    (tmp_path / "eval.py").write_text(HEAD + restore)
    assert [f for f in json.loads(_cli(tmp_path, "--no-cache", ".").stdout) if f["code"] == "SCO112"] == []


def test_saves_on_some_paths_leave_the_state_unknown():
    save = "if os.environ.get('A'):\n        saver.save(sess, 'ck/m', global_step=tf.train.get_global_step())"
    source = HEAD + SAVE_W.format(save=save) + RESTORE_V.format(path="'ck/m-3'")
    source += "\nsaver.save(sess, 'ck/n', global_step=tf.train.get_global_step())\n"
    source += RESTORE_V.format(path="'ck/m-4'")
    assert sco112(source) == []


def test_a_save_in_a_loop_that_may_not_run_is_not_a_link():
    save = "for batch in os.environ['BATCHES'].split():\n        saver.save(sess, 'ck/m')"
    assert sco112(HEAD + SAVE_W.format(save=save) + RESTORE_V.format(path="'ck/m'")) == []
    save = "for step in range(3):\n        saver.save(sess, 'ck/m', global_step=step)"
    assert len(sco112(HEAD + SAVE_W.format(save=save) + RESTORE_V.format(path="'ck/m-2'"))) == 1


def test_a_function_analysed_alone_is_silent():
    body = textwrap.indent(
        textwrap.dedent(SAVE_W.format(save="saver.save(sess, 'ck/m')") + RESTORE_V.format(path="'ck/m'")), "    "
    )
    assert sco112(HEAD + "def never_called():\n" + body) == []


@pytest.mark.parametrize("save", [
    "saver.save(sess, 'ck/m', latest_filename='other')",
    "saver.save(sess, 'ck/m', write_state=False)",
    "saver.save(sess, 'ck/m', write_state=os.environ.get('W') == '1')",
])  # fmt: skip
def test_a_save_that_does_not_name_itself_latest(save):
    assert sco112(HEAD + SAVE_W.format(save=save) + RESTORE_V.format(path="tf.train.latest_checkpoint('ck')")) == []
    assert len(sco112(HEAD + SAVE_W.format(save=save) + RESTORE_V.format(path="'ck/m'"))) == 1


def test_dtypes_are_compared_only_where_known_on_both_sides():
    needed = {"n": ("n", (), False), "w/Adam": ("w/Adam", (3,), True)}
    held = {"n": (), "w/Adam": (3,)}
    problem = compare(needed, held, {"n": "float32", "w/Adam": "float32"}, {"n": "int64", "w/Adam": "float64"})
    assert problem.dtypes == (("n", "float32", "int64"),)  # a slot's dtype is not the analysis's to know
    assert compare(needed, held, {"n": None}, {"n": "int64"}) is None


def test_a_layer_variable_has_no_dtype_claim():
    source = (
        HEAD
        + """
x = tf.placeholder(tf.float64, [None, 4])
y = tf.layers.dense(x, 2, name='fc')
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, 'ck/m')
tf.reset_default_graph()
x = tf.placeholder(tf.float32, [None, 4])
y = tf.layers.dense(x, 2, name='fc')
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, 'ck/m')
"""
    )
    assert sco112(source) == []
