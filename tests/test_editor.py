"""What the language server lints (scopelint.editor), in process: the
command's configuration, cache and project imports applied to a buffer."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopelint.cache import CACHE_DIR_ENV
from scopelint.editor import buffer_bytes, check_text, line_edits

DUPLICATE = 'import tensorflow as tf\n\nw = tf.get_variable("w", [1])\nv = tf.get_variable("w", [1])\n'


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(where))
    return where


def _entries(cache_dir: Path) -> int:
    return sum(1 for p in cache_dir.rglob("*.json")) if cache_dir.exists() else 0


def test_saved_buffer_goes_through_the_cache_edited_one_does_not(tmp_path, cache_dir):
    path = tmp_path / "proj" / "m.py"
    path.parent.mkdir()
    path.write_text(DUPLICATE)
    first = check_text(str(path), DUPLICATE)
    assert first.cached and _entries(cache_dir) == 1
    assert [(f.line, f.code) for f in first.outcome.findings] == [(4, "SCO101")]
    again = check_text(str(path), DUPLICATE)
    assert again.outcome.findings == first.outcome.findings and _entries(cache_dir) == 1
    edited = DUPLICATE.replace('v = tf.get_variable("w"', 'v = tf.get_variable("v"')
    clean = check_text(str(path), edited)
    assert not clean.cached and clean.outcome.findings == [] and _entries(cache_dir) == 1
    # The names hovers show come with the same lint, cached or not.
    assert [(n.name, n.shape, n.dtype) for n in again.outcome.names] == [("w:0", (1,), "float32")]
    assert [n.name for n in clean.outcome.names] == ["w:0", "v:0"]


def test_configuration_and_noqa_apply(tmp_path, cache_dir):
    root = tmp_path / "proj"
    (root / "pkg").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.scopelint]\nper-file-ignores = { "pkg/*" = ["SCO101"] }\n')
    ignored = root / "pkg" / "m.py"
    ignored.write_text(DUPLICATE)
    assert check_text(str(ignored), DUPLICATE).outcome.findings == []
    other = root / "n.py"
    other.write_text("")
    suppressed = DUPLICATE.replace("[1])\n", "[1])  # noqa: SCO101\n")
    assert check_text(str(other), suppressed).outcome.findings == []
    assert [f.code for f in check_text(str(other), DUPLICATE).outcome.findings] == ["SCO101"]


def test_broken_configuration_is_reported_and_defaults_lint(tmp_path, cache_dir):
    (tmp_path / "pyproject.toml").write_text("[tool.scopelint]\nselect = 3\n")
    path = tmp_path / "m.py"
    checked = check_text(str(path), DUPLICATE)
    assert checked.config_error and "select" in checked.config_error
    assert [f.code for f in checked.outcome.findings] == ["SCO101"]


def test_project_imports_are_followed_and_shown_at_the_call_here(tmp_path, cache_dir):
    (tmp_path / "model.py").write_text(
        'import tensorflow as tf\n\ndef build():\n    return tf.get_variable("w", [1])\n'
    )
    train = tmp_path / "train.py"
    train.write_text("from model import build\n\nbuild()\n")  # the buffer adds a second call
    text = "from model import build\n\nbuild()\nbuild()\n"
    [finding] = check_text(str(train), text).outcome.findings
    assert (finding.path, finding.line, finding.code) == (str(train), 4, "SCO101")
    assert "model.py:4" in finding.message


def test_buffer_bytes_keep_the_declared_encoding():
    text = "# -*- coding: latin-1 -*-\ns = 'é'\n"
    assert buffer_bytes(text) == text.encode("latin-1")
    assert buffer_bytes("s = 'é'\n") == "s = 'é'\n".encode()


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("a\nb\nc\n", "a\nB\nc\n", [(1, 2, "B\n")]),
        ("a\nb", "a\nb\nc\n", [(1, 2, "b\nc\n")]),
        ("a\nb\nc\n", "a\nc\n", [(1, 2, "")]),
        ("a\n", "a\n", []),
    ],
)
def test_line_edits(old, new, expected):
    assert [(e.start, e.end, e.text) for e in line_edits(old, new)] == expected
