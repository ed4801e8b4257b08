"""Ctrl-C: a real SIGINT sent to a real `scopelint` process in the middle of
a parallel run over a large generated tree. It must stop promptly, print one
line, exit 130, leave no worker process behind and no partial cache file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import SCOPELINT, clean_env  # noqa: E402

from bench.benchmark import build_tf_tree  # noqa: E402

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc") and not sys.platform.startswith("linux"),
                                reason="process checks read /proc")


def _children(pid: int) -> list:
    """Every descendant process id of `pid`."""
    try:
        import psutil

        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except ImportError:
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        stat = fh.read()
                except OSError:
                    continue
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        found, frontier = [], [pid]
        while frontier:
            parent = frontier.pop()
            kids = [p for p, pp in parents.items() if pp == parent]
            found += kids
            frontier += kids
        return found


def _alive(pid: int) -> bool:
    """Running (a zombie or a vanished pid does not count)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory) -> Path:
    tree = tmp_path_factory.mktemp("interrupt") / "tree"
    # Every module uses the modelled APIs: about 10 s of work for two workers
    # here, far longer than the moment the signal is sent.
    build_tf_tree(tree, 60_000)
    return tree


def _entries(cache: Path) -> list:
    return [p for p in cache.rglob("*.json")] if cache.exists() else []


@pytest.mark.slow
@pytest.mark.parametrize("trial,jobs,wait_for_entries", [
    (0, "2", 0),  # as soon as the workers exist
    (1, "2", 1),  # once results are being written to the cache
    (2, "2", 10),
    (3, "2", 30),
    (4, "1", 5),  # serial: the interrupt lands in the linting process itself
])
def test_sigint_stops_the_run_at_once(big_tree, tmp_path, trial, jobs, wait_for_entries):
    cache = tmp_path / "cache"
    proc = subprocess.Popen([SCOPELINT, "--jobs", jobs, "--cache-dir", str(cache), str(big_tree)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env())
    try:
        deadline = time.monotonic() + 60
        workers: list = []
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            if (jobs == "1" or len(workers) >= 2) and len(_entries(cache)) >= wait_for_entries:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be interrupted: make the tree larger"
        if jobs == "2":
            assert len(workers) >= 2
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        out, err = proc.communicate(timeout=20)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err.decode()
    assert err.decode() == "scopelint: interrupted\n"
    assert out == b""
    assert took < 5, f"took {took:.1f} s to stop"
    for pid in workers:
        assert not _alive(pid), f"worker {pid} outlived the interrupted run"
    # No temporary file left, and every entry is whole.
    assert not [p for p in cache.rglob(".tmp-*")] if cache.exists() else True
    for entry in _entries(cache):
        json.loads(entry.read_text())
