"""What ruff/flake8 users expect of a linter's command line: a summary on
clean runs, progress on a terminal, `-j 0`, clear usage and configuration
errors, options settable in configuration, where the cache lives."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import (  # noqa: E402
    CLEAN_SOURCE,
    PARSE_ERROR_SOURCE,
    SCOPELINT,
    clean_env,
    hook_env,
    scopelint,
    write,
)

from scopelint import cli  # noqa: E402


def _pyproject(root: Path, body: str) -> None:
    write(root, "pyproject.toml", "[tool.scopelint]\n" + body)


# --- progress -----------------------------------------------------------------------

def _run_with_stderr_on_tty(args, cwd, env):
    """Run scopelint with stderr on a pseudo-terminal: (rc, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([SCOPELINT, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the other side closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    out = proc.stdout.read()
    proc.stdout.close()
    return proc.wait(timeout=120), out.decode(), b"".join(chunks).decode()


def _slow_tree(root: Path, files: int) -> None:
    # Long enough to pass Progress.DELAY: 0.05 s per file, serially.
    for i in range(files):
        write(root, f"m{i:02d}.py", "import os  # FAKE-SLEEP 0.05\n")


def test_progress_on_a_terminal_only_for_long_runs(tmp_path):
    _slow_tree(tmp_path, 40)
    rc, out, tty = _run_with_stderr_on_tty(["--jobs", "1", "--no-cache", "."], tmp_path, hook_env())
    assert (rc, out) == (0, "All checks passed: 40 files.\n")
    assert "scopelint: 40/40 files" in tty  # files done / total, rewritten in place
    assert "\r" in tty and tty.endswith("\r\x1b[K")  # and erased at the end
    # Not with -q, and never when standard error is not a terminal.
    rc, out, tty = _run_with_stderr_on_tty(["-q", "--jobs", "1", "--no-cache", "."], tmp_path, hook_env())
    assert (rc, out, tty) == (0, "", "")
    p = scopelint("--jobs", "1", "--no-cache", ".", cwd=tmp_path, env=hook_env())
    assert (p.returncode, p.err) == (0, "")
    # A short run shows none.
    write(tmp_path / "quick", "a.py", CLEAN_SOURCE)
    rc, out, tty = _run_with_stderr_on_tty(["quick"], tmp_path, hook_env())
    assert (rc, tty) == (0, "")


def test_progress_counts_parallel_runs_too(tmp_path):
    _slow_tree(tmp_path, 60)
    rc, out, tty = _run_with_stderr_on_tty(["--jobs", "2", "--no-cache", "."], tmp_path, hook_env())
    assert rc == 0
    assert "scopelint: 60/60 files" in tty


# --- options ------------------------------------------------------------------------

def test_jobs_0_means_one_per_cpu(tmp_path, monkeypatch):
    for i in range(20):
        write(tmp_path, f"m{i}.py", PARSE_ERROR_SOURCE + f"# {i}\n")
    p = scopelint("-j", "0", "--format", "concise", "--no-cache", ".", cwd=tmp_path)
    assert p.returncode == 1 and p.out.count("SCO901") == 20
    # In process: how many workers -j 0 asks for.
    seen = []
    monkeypatch.setattr(cli, "run_jobs", lambda ctx, jobs, n, progress=None: seen.append(n) or [])
    monkeypatch.chdir(tmp_path)
    for argv, want in ((["-j", "0"], cli.default_jobs()), (["-j", "3"], 3), ([], cli.default_jobs())):
        cli.main(["-q", "--isolated", *argv, "."])
        assert seen.pop() == want


def test_empty_selection_is_a_usage_error(tmp_path):
    write(tmp_path, "m.py", PARSE_ERROR_SOURCE)
    for option in ("--select", "--extend-select", "--ignore", "--extend-ignore"):
        for value in ("", " , "):
            p = scopelint(option, value, "m.py", cwd=tmp_path)
            assert p.returncode == 2, (option, value)
            assert "expected one or more rule codes" in p.err and p.out == ""


def test_names_with_statistics_prints_them(tmp_path):
    write(tmp_path, "m.py", "import tensorflow as tf\nw = tf.get_variable('w', shape=[1])\n"
                            "v = tf.Variable(1.0, name='v')\n")
    p = scopelint("--names", "--statistics", "m.py", cwd=tmp_path)
    names = scopelint("--names", "m.py", cwd=tmp_path).out
    assert p.returncode == 0, p.err
    assert p.out.startswith(names)
    stats = p.out[len(names):].splitlines()
    assert stats and sum(int(line.split()[0]) for line in stats) == len(names.splitlines())
    j = scopelint("--names", "--statistics", "--format", "json", "m.py", cwd=tmp_path)
    assert len(json.loads(j.out)) == len(names.splitlines())
    assert j.err.splitlines() == stats  # machine output stays parseable


# --- configuration --------------------------------------------------------------------

def test_config_key_typo_suggests_the_key(tmp_path):
    write(tmp_path, "m.py", CLEAN_SOURCE)
    _pyproject(tmp_path, 'extend-exlude = ["gen"]\n')
    p = scopelint("m.py", cwd=tmp_path)
    assert p.returncode == 2
    assert "unknown key 'extend-exlude'; did you mean `extend-exclude`?" in p.err
    _pyproject(tmp_path, 'frobnicate = 1\n')
    p = scopelint("m.py", cwd=tmp_path)
    assert p.returncode == 2 and "unknown key 'frobnicate'; known keys: select" in p.err


def test_config_file_without_the_table_is_named(tmp_path):
    write(tmp_path, "m.py", CLEAN_SOURCE)
    write(tmp_path, "other.toml", "[tool.ruff]\nline-length = 100\n")
    p = scopelint("--config", "other.toml", "m.py", cwd=tmp_path)
    assert p.returncode == 2
    assert p.err == "scopelint: error: other.toml has no [tool.scopelint] table (scopelint's settings go there)\n"


def test_format_and_jobs_from_config(tmp_path):
    for i in range(20):
        write(tmp_path, f"m{i}.py", PARSE_ERROR_SOURCE + f"# {i}\n")
    _pyproject(tmp_path, 'format = "json"\njobs = 2\n')
    p = scopelint(".", cwd=tmp_path)
    assert p.returncode == 1 and len(json.loads(p.out)) == 20
    # The command line wins.
    p = scopelint("--format", "concise", ".", cwd=tmp_path)
    assert p.out.count("\n") == 20 and not p.out.startswith("[")
    for bad, needle in (('format = "xml"', "'format' must be one of"), ("jobs = -1", "'jobs' must be"),
                        ('jobs = "2"', "'jobs' must be"), ("cache-dir = 3", "'cache-dir' must be")):
        _pyproject(tmp_path, bad + "\n")
        p = scopelint(".", cwd=tmp_path)
        assert p.returncode == 2 and needle in p.err, bad


# --- where the cache lives ----------------------------------------------------------------

def _cached(directory: Path) -> int:
    return len(list(directory.rglob("*.json"))) if directory.exists() else 0


def test_cache_at_the_project_root_not_the_working_directory(tmp_path):
    project = tmp_path / "project"
    write(project, "pyproject.toml", "[project]\nname = 'p'\n")  # no [tool.scopelint]: still the root
    write(project, "src/pkg/m.py", PARSE_ERROR_SOURCE)
    p = scopelint("m.py", cwd=project / "src" / "pkg")
    assert p.returncode == 1
    assert _cached(project / ".scopelint_cache") == 1
    assert not (project / "src" / "pkg" / ".scopelint_cache").exists()
    assert (project / ".scopelint_cache" / ".gitignore").read_text() == "*\n"
    # A .git directory marks a root too.
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo, "a/b.py", PARSE_ERROR_SOURCE)
    scopelint("b.py", cwd=repo / "a")
    assert _cached(repo / ".scopelint_cache") == 1 and not (repo / "a" / ".scopelint_cache").exists()


def test_cache_dir_from_option_environment_and_config(tmp_path):
    write(tmp_path, ".git/HEAD", "")
    write(tmp_path, "m.py", PARSE_ERROR_SOURCE)
    _pyproject(tmp_path, 'cache-dir = "build/lint-cache"\n')
    scopelint("m.py", cwd=tmp_path)
    assert _cached(tmp_path / "build" / "lint-cache") == 1  # relative to the configuration file
    env = clean_env(SCOPELINT_CACHE_DIR=str(tmp_path / "from-env"))
    scopelint("m.py", cwd=tmp_path, env=env)
    assert _cached(tmp_path / "from-env") == 1  # the environment beats the configuration
    scopelint("--cache-dir", "from-option", "m.py", cwd=tmp_path, env=env)
    assert _cached(tmp_path / "from-option") == 1  # the option beats both
    assert not (tmp_path / ".scopelint_cache").exists()
