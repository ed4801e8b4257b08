"""Automatic fixes without TensorFlow: what they change, what they keep, and the CLI's fix flags."""

from __future__ import annotations

import os
import stat

import pytest

from scopelint.cli import main
from scopelint.fixing import add_noqa, apply_fixes, fix_until_stable, plan_fixes, write_atomic
from scopelint.linter import lint_source
from scopelint.rules import ALL_RULES


def lint(source):
    return lint_source(source, "<fix>", follow_imports=False).findings


REUSE_FALSE = """import tensorflow as tf
# the outer scope shares
with tf.variable_scope('o', reuse=False) as o:
    w = tf.get_variable('w', shape=[1])
with tf.variable_scope('o', reuse=True):  # keep me
    with tf.variable_scope('i',   reuse=False) as i:   # odd spacing stays
        pass
"""

DUPLICATE = """import tensorflow.compat.v1 as tf1


def layer(x):
    # one fc layer
    with tf1.variable_scope(
        'fc',
        values=[x],
    ):
        return tf1.get_variable('w', shape=[3, 3])


a = layer(None)
b = layer(None)  # second tower
"""

PARAM_REUSE = """from tensorflow.compat import v1 as tfv1
def gen(z, reuse=False):
    with tfv1.variable_scope('g', reuse=reuse):
        return tfv1.layers.dense(z, 4, name='fc')
z = tfv1.placeholder(tfv1.float32, [None, 2])
sample = gen(z, reuse=True)
"""

LAYER_TWICE = """import tensorflow as tf
def build(x):
    with tf.variable_scope('model'):
        return tf.layers.dense(x, 4, name='fc')
x = tf.placeholder(tf.float32, [None, 3])
a = build(x)
b = build(x)
"""

# Programs the TF-judged tests run too (tests/test_fixes_oracle.py).
PROGRAMS = {"reuse_false": REUSE_FALSE, "duplicate": DUPLICATE, "param_reuse": PARAM_REUSE, "layer_twice": LAYER_TWICE}


def test_safe_fix_removes_only_the_argument_and_keeps_comments():
    fixes = plan_fixes(REUSE_FALSE, lint(REUSE_FALSE), unsafe=False)
    assert [(f.code, f.line, f.safety) for f in fixes] == [("SCO203", 6, "safe")]
    assert fixes[0].new_source == REUSE_FALSE.replace(",   reuse=False", "")
    assert "# keep me" in fixes[0].new_source and "# odd spacing stays" in fixes[0].new_source


def test_unsafe_fix_writes_the_files_own_alias_and_layout():
    assert plan_fixes(DUPLICATE, lint(DUPLICATE), unsafe=False) == []
    [fix] = plan_fixes(DUPLICATE, lint(DUPLICATE), unsafe=True)
    assert (fix.code, fix.line, fix.safety) == ("SCO101", 14, "unsafe")
    assert "values=[x],\n        reuse=tf1.AUTO_REUSE,\n    ):" in fix.new_source
    assert "shared" in fix.note
    assert lint(fix.new_source) == []


def test_reuse_true_passed_through_a_parameter_is_changed_at_the_call_site():
    source = PARAM_REUSE
    [fix] = plan_fixes(source, lint(source), unsafe=True)
    assert fix.code == "SCO102"
    assert "sample = gen(z, reuse=tfv1.AUTO_REUSE)\n" in fix.new_source
    # Followed by a non-reusing build, the same change would only move the error: no fix.
    assert plan_fixes(source + "fake = gen(z)\n", lint(source + "fake = gen(z)\n"), unsafe=True) == []


def test_layer_twice_gets_auto_reuse_on_the_scope_around_it():
    source = LAYER_TWICE
    [fix] = plan_fixes(source, lint(source), unsafe=True)
    assert fix.code == "SCO101" and "with tf.variable_scope('model', reuse=tf.AUTO_REUSE):" in fix.new_source


def test_no_fix_when_the_scope_call_is_not_certain():
    # The duplicate comes from two tf.name_scope blocks: no variable_scope call to give reuse.
    source = """import tensorflow as tf
with tf.name_scope('V1'):
    a1 = tf.get_variable('a1', shape=[1])
with tf.name_scope('V2'):
    a2 = tf.get_variable('a1', shape=[1])
"""
    assert all(f.code != "SCO101" for f in plan_fixes(source, lint(source), unsafe=True))


def test_tf_named_otherwise_is_not_tensorflow():
    # `tf` here is not TensorFlow: the analysis does not resolve it, so nothing is fixed.
    source = "import mylib as tf\nwith tf.variable_scope('o', reuse=False):\n    pass\n"
    assert plan_fixes(source, lint(source), unsafe=True) == []


def test_fixes_are_idempotent():
    for source in (REUSE_FALSE, DUPLICATE):
        once, fixes = fix_until_stable(source, lint, unsafe=True)
        assert fixes
        again, more = fix_until_stable(once, lint, unsafe=True)
        assert (again, more) == (once, [])


def test_errors_on_one_line_are_fixed_in_turn():
    source = """import tensorflow as tf
w = tf.get_variable('w', shape=[3], initializer=[1.0, 2.0, 3.0])
v = tf.get_variable('v', shape=[2], initializer=[1.0, 2.0], reuse=False)
"""
    text, fixes = apply_fixes(source, lint(source), unsafe=False)
    assert [f.code for f in fixes] == ["SCO110"]  # the analysis stops at line 2's error: the next round sees line 3
    text, fixes = fix_until_stable(source, lint, unsafe=False)
    assert [(f.code, f.line) for f in fixes] == [("SCO110", 2), ("SCO108", 3), ("SCO110", 3)]
    assert text.splitlines()[1:] == [
        "w = tf.get_variable('w', initializer=[1.0, 2.0, 3.0])",
        "v = tf.get_variable('v', initializer=[1.0, 2.0])",
    ]


def test_no_safe_fix_when_the_shapes_differ():
    source = "import tensorflow as tf\nw = tf.get_variable('w', shape=[2], initializer=[1.0, 2.0, 3.0])\n"
    assert plan_fixes(source, lint(source), unsafe=True) == []


def test_apply_fixes_combines_non_overlapping_fixes():
    source = (
        REUSE_FALSE
        + "with tf.variable_scope('o', reuse=True):\n    with tf.variable_scope('j', reuse=False):\n        pass\n"
    )
    findings = lint(source)
    assert [f.code for f in findings] == ["SCO203", "SCO203"]
    text, fixes = apply_fixes(source, findings, unsafe=False)
    assert [(f.code, f.line) for f in fixes] == [("SCO203", 6), ("SCO203", 9)]
    assert "reuse=False) as i" not in text and "'j')" in text and lint(text) == []


def test_every_rule_with_a_fix_documents_it():
    for rule in ALL_RULES:
        if rule.fix is not None:
            assert rule.fix_safety != "No automatic fix." and ("safe" in rule.fix_safety.lower())


def test_add_noqa_adds_and_extends():
    source = REUSE_FALSE.replace("# odd spacing stays", "# noqa: SCO101")
    out = add_noqa(source, lint(source))
    assert "# noqa: SCO101, SCO203" in out.splitlines()[5]
    assert add_noqa(out, lint(out)) == out


def test_add_noqa_skips_lines_ending_inside_a_string():
    source = 'import tensorflow as tf\nx = """\n"""\n'
    from scopelint.results import Finding

    finding = Finding("<fix>", 2, 1, "SCO101", "duplicate-variable", "m")
    assert add_noqa(source, [finding]) == source


def test_write_atomic_keeps_mode_and_leaves_no_temp(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("old\n")
    os.chmod(path, 0o751)
    write_atomic(str(path), b"new\n")
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o751
    assert os.listdir(tmp_path) == ["m.py"]


def test_write_atomic_failure_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "m.py"
    path.write_text("old\n")

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(str(path), b"new\n")
    assert path.read_text() == "old\n" and os.listdir(tmp_path) == ["m.py"]


# --- the CLI -----------------------------------------------------------------


def _run(args, capsys):
    code = main(args + ["--no-cache"])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_fix_writes_reports_and_is_stable(tmp_path, capsys):
    path = tmp_path / "m.py"
    path.write_bytes(REUSE_FALSE.replace("\n", "\r\n").encode())
    code, out, err = _run(["--fix", str(path)], capsys)
    assert "Fixed 1 problem" in err
    assert path.read_bytes() == REUSE_FALSE.replace(",   reuse=False", "").replace("\n", "\r\n").encode()
    assert code == 0 and out.strip().endswith("All checks passed!") or "Found" not in out
    before = path.read_bytes()
    _run(["--fix", str(path)], capsys)
    assert path.read_bytes() == before


def test_cli_fix_rewritten_file_is_not_read_from_a_stale_cache(tmp_path, capsys):
    path = tmp_path / "m.py"
    path.write_text(REUSE_FALSE)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert main([str(path), *cache]) == 1  # cached: one SCO203
    capsys.readouterr()
    code = main(["--fix", str(path), *cache])
    out, _err = capsys.readouterr()
    assert code == 0 and "SCO203" not in out


def test_cli_unsafe_fixes_only_when_asked(tmp_path, capsys):
    path = tmp_path / "m.py"
    path.write_text(DUPLICATE)
    _code, _out, err = _run(["--fix", str(path)], capsys)
    assert path.read_text() == DUPLICATE
    assert "1 more fix available with --unsafe-fixes" in err
    _run(["--fix", "--unsafe-fixes", str(path)], capsys)
    assert "reuse=tf1.AUTO_REUSE" in path.read_text()


def test_cli_diff_writes_nothing_and_exits_1(tmp_path, capsys):
    path = tmp_path / "m.py"
    path.write_text(REUSE_FALSE)
    code, out, _err = _run(["--diff", str(path)], capsys)
    assert code == 1
    assert "-    with tf.variable_scope('i',   reuse=False) as i:" in out
    assert "+    with tf.variable_scope('i') as i:" in out
    assert path.read_text() == REUSE_FALSE
    clean = tmp_path / "clean.py"
    clean.write_text("import tensorflow as tf\n")
    assert _run(["--diff", str(clean)], capsys)[0] == 0


def test_diff_of_a_file_without_a_final_newline_applies(tmp_path, capsys):
    """`--diff` on a file whose last line has no newline: the line is marked
    as diff -u marks it, and the diff applies with `git apply`."""
    import shutil
    import subprocess

    path = tmp_path / "m.py"
    path.write_text(REUSE_FALSE.rstrip("\n"))
    code, out, _err = _run(["--diff", str(path)], capsys)
    assert code == 1 and out.endswith("         pass\n\\ No newline at end of file\n")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    (fixed / "m.py").write_text(REUSE_FALSE.rstrip("\n"))
    patch = "".join(line.replace(str(path), "m.py") for line in out.splitlines(keepends=True))
    subprocess.run(["git", "apply", "--unsafe-paths", "-p0", "-"], input=patch, text=True, cwd=fixed, check=True)
    _run(["--fix", str(path)], capsys)
    assert (fixed / "m.py").read_text() == path.read_text()


def test_cli_never_writes_a_file_that_does_not_parse(tmp_path, capsys):
    path = tmp_path / "m.py"
    broken = REUSE_FALSE + "def (:\n"
    path.write_text(broken)
    _run(["--fix", "--unsafe-fixes", str(path)], capsys)
    assert path.read_text() == broken


def test_cli_never_writes_fixed_text_that_does_not_parse(tmp_path, capsys, monkeypatch):
    import scopelint.fixing

    path = tmp_path / "m.py"
    path.write_text(REUSE_FALSE)
    monkeypatch.setattr(scopelint.fixing, "fix_until_stable", lambda text, lint, unsafe: ("def (:\n", ["a fix"]))
    _code, _out, err = _run(["--fix", str(path)], capsys)
    assert path.read_text() == REUSE_FALSE and "would not parse" in err


def test_cli_mixed_line_ends_are_not_rewritten(tmp_path, capsys):
    path = tmp_path / "m.py"
    data = REUSE_FALSE.replace("\n", "\r\n", 1).encode()
    path.write_bytes(data)
    _code, _out, err = _run(["--fix", str(path)], capsys)
    assert path.read_bytes() == data and "mixed line ends" in err


def test_cli_add_noqa(tmp_path, capsys):
    path = tmp_path / "m.py"
    path.write_text(REUSE_FALSE)
    code, _out, err = _run(["--add-noqa", str(path)], capsys)
    assert code == 0 and "Added 1 noqa directive" in err
    assert "# noqa: SCO203" in path.read_text().splitlines()[5]
    assert _run([str(path)], capsys)[0] == 0
