"""The pre-commit hook, through real pre-commit.

`pre-commit try-repo` builds the hook's environment from a git repository
and only sees committed (or tracked) work, so the current working tree is
copied into a throwaway repository and committed first. Each try-repo run
creates a virtualenv and pip-installs scopelint and libcst from PyPI
(about 30 s): these tests are marked `slow` but stay in the default run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import (  # noqa: E402
    CLEAN_SOURCE,
    PARSE_ERROR_SOURCE,
    PRE_COMMIT,
    REPO,
    SCO101_SOURCE,
    clean_env,
    engine_test,
    git_init,
    run,
    write,
)

_GIT_ID = ["-c", "user.name=scopelint tests", "-c", "user.email=tests@example.invalid"]
_SKIP = shutil.ignore_patterns(".git", ".scopelint_cache", "__pycache__", "*.egg-info", ".pytest_cache",
                               ".hypothesis", "build", "dist", ".tox", ".nox", ".venv", "venv")


def test_manifest_is_valid():
    p = run([PRE_COMMIT, "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")], REPO)
    assert (p.returncode, p.out, p.err) == (0, "", "")
    text = (REPO / ".pre-commit-hooks.yaml").read_text()
    for line in ("- id: scopelint", "entry: scopelint --force-exclude", "language: python",
                 "types_or: [python, jupyter]", "require_serial: false"):
        assert line in text


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """A committed snapshot of the working tree (uncommitted edits included)."""
    snapshot = tmp_path_factory.mktemp("hook-repo") / "scopelint"
    shutil.copytree(REPO, snapshot, ignore=_SKIP)
    git_init(snapshot)
    subprocess.run(["git", "add", "-A"], cwd=snapshot, check=True)
    subprocess.run(["git", *_GIT_ID, "commit", "-q", "-m", "snapshot"], cwd=snapshot, check=True)
    return snapshot


@pytest.fixture
def project(tmp_path) -> Path:
    git_init(tmp_path)
    write(tmp_path, "clean.py", CLEAN_SOURCE)
    write(tmp_path, "bad.py", PARSE_ERROR_SOURCE)
    write(tmp_path, "build/generated.py", PARSE_ERROR_SOURCE)  # default-excluded
    write(tmp_path, "notes.txt", PARSE_ERROR_SOURCE)  # not Python: never passed
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    return tmp_path


def try_repo(hook_repo: Path, project: Path, *files: str):
    return run([PRE_COMMIT, "try-repo", str(hook_repo), "scopelint", "--files", *files], project,
               env=clean_env(), timeout=900)


@pytest.mark.slow
def test_hook_fails_on_a_buggy_file(hook_repo, project):
    p = try_repo(hook_repo, project, "bad.py", "clean.py", "build/generated.py", "notes.txt")
    assert p.returncode == 1, p.out + p.err
    assert "scopelint" in p.out and "Failed" in p.out
    assert "bad.py:2:1: SCO901 cannot parse" in p.out
    # --force-exclude: the excluded file pre-commit named is not linted.
    assert "build/generated.py" not in p.out
    assert "notes.txt" not in p.out


@pytest.mark.slow
def test_hook_passes_on_clean_and_excluded_files(hook_repo, project):
    p = try_repo(hook_repo, project, "clean.py", "build/generated.py")
    assert p.returncode == 0, p.out + p.err
    assert "Passed" in p.out and "Failed" not in p.out


@pytest.mark.slow
@engine_test
def test_e2e_hook_reports_real_finding(hook_repo, project):
    write(project, "model.py", SCO101_SOURCE)
    subprocess.run(["git", "add", "model.py"], cwd=project, check=True)
    p = try_repo(hook_repo, project, "model.py", "clean.py")
    assert p.returncode == 1, p.out + p.err
    assert "model.py:5:" in p.out and "SCO101" in p.out


@pytest.mark.slow
@engine_test
def test_e2e_hook_runs_on_notebooks(hook_repo, project):
    cells = [("code", "import tensorflow as tf"), ("markdown", "# text"),
             ("code", "with tf.variable_scope('s'):\n    w = tf.get_variable('w', [1])\n"
                      "with tf.variable_scope('s'):\n    v = tf.get_variable('w', [1])")]
    write(project, "nb.ipynb", json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": k, "metadata": {}, "source": src, **({"outputs": [], "execution_count": None} if k == "code" else {})}
        for k, src in cells]}))
    subprocess.run(["git", "add", "nb.ipynb"], cwd=project, check=True)
    p = try_repo(hook_repo, project, "nb.ipynb", "notes.txt")
    assert p.returncode == 1, p.out + p.err
    assert "nb.ipynb:cell 3:4:9: SCO101" in p.out
