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

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc"), reason="process checks read /proc")


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


def _processes_mentioning(text: str) -> list:
    """Running processes whose command line contains `text` (a path unique to one run)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    cmdline = fh.read()
            except OSError:
                continue
            if text.encode() in cmdline and _alive(int(entry)):
                found.append(int(entry))
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


def _as_on_a_terminal() -> None:
    # A test run started in the background (`cmd &`, nohup) ignores SIGINT,
    # and so would the command it starts: give it Ctrl-C as a terminal does.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _entries(cache: Path) -> list:
    return [p for p in cache.rglob("*.json")] if cache.exists() else []


@pytest.mark.slow
@pytest.mark.parametrize("trial,jobs,workers_seen,wait_for_entries", [
    (0, "2", 1, 0),  # while the workers are being started
    (1, "2", 2, 0),  # as soon as both exist
    (2, "2", 2, 1),  # once results are being written to the cache
    (3, "2", 2, 10),
    (4, "2", 2, 30),
    (5, "1", 0, 5),  # serial: the interrupt lands in the linting process itself
])
def test_sigint_stops_the_run_at_once(big_tree, tmp_path, trial, jobs, workers_seen, wait_for_entries):
    cache = tmp_path / "cache"
    proc = subprocess.Popen([SCOPELINT, "--jobs", jobs, "--cache-dir", str(cache), str(big_tree)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env(),
                            preexec_fn=_as_on_a_terminal)
    workers: list = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            if len(workers) >= workers_seen and len(_entries(cache)) >= wait_for_entries:
                break
            time.sleep(0.005)
        assert proc.poll() is None, "the run ended before it could be interrupted: make the tree larger"
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        out, err = proc.communicate(timeout=20)
        took = time.monotonic() - sent
        # Workers are forked copies of the command: they name the run's cache.
        leftovers = _processes_mentioning(str(cache))
    finally:
        # Never hang the test run: a leftover worker would hold the pipes open.
        for pid in set(workers + _processes_mentioning(str(cache))):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None or proc.stdout and not proc.stdout.closed:
            proc.communicate(timeout=20)
    assert proc.returncode == 130, err.decode()
    assert err.decode() == "scopelint: interrupted\n"
    assert out == b""
    assert took < 5, f"took {took:.1f} s to stop"
    assert leftovers == [], "workers outlived the interrupted run"
    for pid in workers:
        assert not _alive(pid), f"worker {pid} outlived the interrupted run"
    # No temporary file left, and every entry is whole.
    assert not [p for p in cache.rglob(".tmp-*")] if cache.exists() else True
    for entry in _entries(cache):
        json.loads(entry.read_text())


def test_interrupt_while_workers_start_stops_those_already_started(monkeypatch, tmp_path):
    """The narrowest window, made certain: Ctrl-C between starting the first
    and the second worker."""
    import multiprocessing.process

    from scopelint import cli
    from scopelint.config import FileConfig, build_settings

    started = []
    real_start = multiprocessing.process.BaseProcess.start

    def start(self):
        if started:
            raise KeyboardInterrupt
        real_start(self)
        started.append(self)

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", start)
    ctx = cli.Context(build_settings(FileConfig(), cwd=str(tmp_path)), False, None)
    jobs = [(str(tmp_path / f"m{i}.py"), f"m{i}.py", b"x = 1\n") for i in range(40)]
    try:
        with pytest.raises(KeyboardInterrupt):
            cli._run_pool(ctx, jobs, 2, cli.Progress(len(jobs), False))
        assert len(started) == 1
        assert not started[0].is_alive()
    finally:
        for proc in started:
            if proc.is_alive():
                proc.kill()
