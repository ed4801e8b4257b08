"""Helpers shared by the front-end tests (CLI, flake8, pre-commit).

Every behaviour is checked by running the real program in a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
HOOK_DIR = HERE / "hook"
REPO = HERE.parents[2]
BIN = Path(sys.executable).parent
SCOPELINT = str(BIN / "scopelint")
FLAKE8 = str(BIN / "flake8")
PRE_COMMIT = str(BIN / "pre-commit")


def _engine_available() -> bool:
    try:
        import importlib.util

        return importlib.util.find_spec("scopelint.engine.analysis") is not None
    except ImportError:
        return False


ENGINE = _engine_available()
# End-to-end tests on real SCO1xx/SCO2xx findings: they run once the
# analysis engine (scopelint/engine/) lands and are skipped until then.
requires_engine = pytest.mark.skipif(not ENGINE, reason="awaits the analysis engine (scopelint.engine.analysis)")


def engine_test(fn):
    """An end-to-end test on real findings."""
    return requires_engine(fn)


# The two programs whose findings the engine is specified to produce.
SCO101_SOURCE = """\
import tensorflow as tf
with tf.variable_scope('s'):
    w = tf.get_variable('w', shape=[1])
with tf.variable_scope('s'):
    w = tf.get_variable('w', shape=[1])
"""
SCO201_SOURCE = """\
import tensorflow as tf
with tf.name_scope('ns'):
    w = tf.get_variable('w', shape=[1])
"""
# Python 2 code importing TensorFlow: SCO901 at 2:1 with or without engine.
PARSE_ERROR_SOURCE = "import tensorflow as tf\nprint tf\n"
CLEAN_SOURCE = "import os\n\nprint(os.sep)\n"


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PYTHONPATH")}
    env.update(extra)
    return env


def hook_env(**extra) -> dict:
    """Environment that activates hook/sitecustomize.py (fake findings, crashes)."""
    return clean_env(PYTHONPATH=str(HOOK_DIR), SCOPELINT_TEST_HOOK="1", **extra)


def run(args, cwd, *, input=None, env=None, timeout=120) -> subprocess.CompletedProcess:
    if isinstance(input, str):
        input = input.encode()
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=str(cwd),
        input=input,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env if env is not None else clean_env(),
        timeout=timeout,
    )
    proc.out = proc.stdout.decode("utf-8", "replace")
    proc.err = proc.stderr.decode("utf-8", "replace")
    return proc


def scopelint(*args, cwd, **kw) -> subprocess.CompletedProcess:
    return run([SCOPELINT, *args], cwd, **kw)


def write(root: Path, rel: str, text) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
