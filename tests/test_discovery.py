"""Which files the `scopelint` command lints: .gitignore, odd files, problems."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import (  # noqa: E402
    CLEAN_SOURCE,
    PARSE_ERROR_SOURCE,
    SCOPELINT,
    clean_env,
    git_init,
    scopelint,
    write,
)

from scopelint.config import FileConfig, build_settings  # noqa: E402
from scopelint.discovery import Discovery  # noqa: E402


def _paths(out: str):
    return [line.split(":")[0] for line in out.splitlines()]


def _git_ignored(root: Path, paths):
    """What real git says, for comparison."""
    proc = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], cwd=root, input="\n".join(paths),
                          capture_output=True, text=True)
    return set(proc.stdout.split())


def test_gitignore_semantics_match_git(tmp_path):
    git_init(tmp_path)
    files = [
        "a.py", "gen_a.py", "keep_gen.py", "logs/x.py", "src/logs/y.py", "top.py", "src/top.py",
        "src/sub/gen_b.py", "src/sub/gen_keep.py", "src/cache/c.py", "local.py", "deep/er/est.py",
    ]
    for rel in files:
        write(tmp_path, rel, PARSE_ERROR_SOURCE)
    write(tmp_path, ".gitignore", "gen_*.py\n!keep_gen.py\n/logs/\n/top.py\ncache/\ndeep/**/est.py\n")
    write(tmp_path, "src/sub/.gitignore", "!gen_keep.py\n")
    write(tmp_path, ".git/info/exclude", "local.py\n")
    p = scopelint("--format", "concise", cwd=tmp_path)
    expected = sorted(f for f in files if f not in _git_ignored(tmp_path, files))
    assert _paths(p.out) == expected
    assert expected == ["a.py", "keep_gen.py", "src/logs/y.py", "src/sub/gen_keep.py", "src/top.py"]
    # --no-respect-gitignore lints everything.
    p = scopelint("--format", "concise", "--no-respect-gitignore", cwd=tmp_path)
    assert _paths(p.out) == sorted(files)


def test_gitignore_applies_to_explicit_paths_only_with_force_exclude(tmp_path):
    git_init(tmp_path)
    write(tmp_path, ".gitignore", "generated/\n")
    write(tmp_path, "generated/deep/m.py", PARSE_ERROR_SOURCE)
    p = scopelint("--format", "concise", "generated/deep/m.py", cwd=tmp_path)
    assert _paths(p.out) == ["generated/deep/m.py"]
    p = scopelint("-q", "--force-exclude", "generated/deep/m.py", cwd=tmp_path)
    assert (p.returncode, p.out) == (0, "")


def test_gitignore_outside_a_work_tree_is_not_read(tmp_path):
    write(tmp_path, ".gitignore", "*.py\n")
    write(tmp_path, "m.py", PARSE_ERROR_SOURCE)
    p = scopelint("--format", "concise", cwd=tmp_path)
    assert _paths(p.out) == ["m.py"]


def test_nested_repository_has_its_own_gitignore(tmp_path):
    git_init(tmp_path)
    write(tmp_path, ".gitignore", "inner_only.py\n")
    git_init(tmp_path / "vendor")
    write(tmp_path, "vendor/.gitignore", "outer_only.py\n")
    for rel in ["inner_only.py", "outer_only.py", "vendor/inner_only.py", "vendor/outer_only.py"]:
        write(tmp_path, rel, PARSE_ERROR_SOURCE)
    p = scopelint("--format", "concise", cwd=tmp_path)
    assert _paths(p.out) == ["outer_only.py", "vendor/inner_only.py"]


def test_symlink_loop_and_broken_symlink_warn_and_go_on(tmp_path):
    write(tmp_path, "pkg/m.py", PARSE_ERROR_SOURCE)
    os.symlink(".", tmp_path / "pkg" / "up")  # pkg/up -> pkg: a loop
    os.symlink("self.py", tmp_path / "pkg" / "self.py")  # points at itself
    os.symlink("missing.py", tmp_path / "pkg" / "dangling.py")
    os.symlink("m.py", tmp_path / "pkg" / "alias.py")  # a good link is linted
    p = scopelint("--format", "concise", "pkg", cwd=tmp_path)
    assert p.returncode == 1
    assert _paths(p.out) == ["pkg/alias.py", "pkg/m.py"]
    assert "pkg/up: symbolic link loop; skipped" in p.err
    assert "pkg/self.py: cannot access: Too many levels of symbolic links; skipped" in p.err
    assert "pkg/dangling.py: broken symbolic link; skipped" in p.err
    # Warnings do not change the exit code; --quiet hides them.
    p = scopelint("-q", "pkg/up/up", cwd=tmp_path)
    assert p.err == "" and p.returncode == 1


def test_fifo_and_socket_while_walking_are_skipped(tmp_path):
    write(tmp_path, "d/ok.py", CLEAN_SOURCE)
    os.mkfifo(tmp_path / "d" / "pipe.py")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "d" / "sock.py"))
        p = scopelint("d", cwd=tmp_path, timeout=60)
        assert (p.returncode, p.out) == (0, "All checks passed: 1 file.\n")
        assert "d/pipe.py: not a regular file (FIFO, socket or device); skipped" in p.err
        assert "d/sock.py: not a regular file" in p.err
        # A socket named explicitly cannot be read: error, exit 2.
        p = scopelint("d/sock.py", "d/ok.py", cwd=tmp_path)
        assert p.returncode == 2
        assert "d/sock.py: is a socket, not a file" in p.err
    finally:
        sock.close()


def test_explicit_fifo_is_read_like_process_substitution(tmp_path):
    fifo = tmp_path / "in.py"
    os.mkfifo(fifo)
    proc = subprocess.Popen([SCOPELINT, "--format", "concise", str(fifo)], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=clean_env())
    with open(fifo, "w") as fh:
        fh.write(PARSE_ERROR_SOURCE)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    assert out.decode().startswith(f"{fifo}:2:1: SCO901")


def test_non_utf8_file_name_is_linted_and_shown_escaped(tmp_path):
    name = b"caf\xe9.py"
    with open(os.path.join(os.fsencode(tmp_path), name), "w") as fh:
        fh.write(PARSE_ERROR_SOURCE)
    p = scopelint("--format", "concise", ".", cwd=tmp_path)
    assert p.returncode == 1
    assert p.out.startswith("caf\\xe9.py:2:1: SCO901")
    assert "caf\\xe9.py: file name is not valid UTF-8" in p.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_and_directory(tmp_path):
    write(tmp_path, "secret.py", PARSE_ERROR_SOURCE)
    write(tmp_path, "locked/m.py", PARSE_ERROR_SOURCE)
    write(tmp_path, "ok.py", PARSE_ERROR_SOURCE)
    os.chmod(tmp_path / "secret.py", 0)
    os.chmod(tmp_path / "locked", 0)
    try:
        p = scopelint("--format", "concise", ".", cwd=tmp_path)
        assert p.returncode == 2
        assert _paths(p.out) == ["ok.py"]
        assert "secret.py: cannot read: Permission denied" in p.err
        assert "locked: cannot read directory: Permission denied; skipped" in p.err
    finally:
        os.chmod(tmp_path / "locked", 0o755)


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_file_that_fails_to_read_is_an_error_even_as_root(tmp_path):
    # Reading /proc/self/mem at offset 0 fails with EIO: a read error that
    # file modes cannot fake when the tests run as root.
    write(tmp_path, "ok.py", PARSE_ERROR_SOURCE)
    p = scopelint("--format", "concise", "/proc/self/mem", "ok.py", cwd=tmp_path)
    assert p.returncode == 2
    assert _paths(p.out) == ["ok.py"]
    assert p.err == "/proc/self/mem: cannot read: Input/output error\n"


def test_same_file_named_twice_is_linted_once(tmp_path):
    write(tmp_path, "m.py", PARSE_ERROR_SOURCE)
    p = scopelint("--format", "concise", "m.py", "./m.py", ".", cwd=tmp_path)
    assert _paths(p.out) == ["m.py"]


def test_discovery_api_excluded_checks_parent_directories(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "build/x/y.py", "")
    d = Discovery(build_settings(FileConfig(), respect_gitignore=False), force_exclude=True)
    assert d.excluded("build/x/y.py", False, whole_path=True)
    assert not d.excluded("build/x/y.py", False)
    assert d.find(["build/x/y.py"]) == []
