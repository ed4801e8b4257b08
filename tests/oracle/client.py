"""Client side of the oracle: runs programs in a TensorFlow worker subprocess.

    from tests.oracle.client import Oracle
    with Oracle() as oracle:
        result = oracle.run("import tensorflow as tf\\nw = tf.get_variable('w', [1])\\n")
        result.created[0]["name"]   # 'w:0'

The worker (tests/oracle/worker.py) imports TensorFlow once (a few seconds),
then serves any number of programs. It is started lazily, restarted after a
timeout or a crash, and recycled every `max_runs` programs. Results are cached
in memory by (source, contrib, repeat, filename).

The interpreter that runs the worker is `sys.executable` unless the
environment variable SCOPELINT_ORACLE_PYTHON names another one.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Optional

WORKER_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worker.py")
REQUIRED_MODULES = ("tensorflow", "tf_keras", "tf_slim")
SKIP_ENV = "SCOPELINT_SKIP_ORACLE"
PYTHON_ENV = "SCOPELINT_ORACLE_PYTHON"

# Statuses: "ok", "error" (TF or the program raised), "exit" (SystemExit), and
# the two where the oracle could not judge: "timeout", "crash".
UNJUDGED_STATUSES = ("timeout", "crash")


class OracleUnavailable(RuntimeError):
    """TensorFlow (or the worker) cannot be started."""


@dataclass
class OracleResult:
    """What TensorFlow did with one program (see harness.py for the record formats)."""

    status: str
    created: list = field(default_factory=list)
    reused: list = field(default_factory=list)
    error: Optional[dict] = None
    exit: Optional[dict] = None
    printed: str = ""
    elapsed: float = 0.0
    raw: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, data: dict) -> "OracleResult":
        return cls(
            status=data.get("status", "crash"),
            created=list(data.get("created") or []),
            reused=list(data.get("reused") or []),
            error=data.get("error"),
            exit=data.get("exit"),
            printed=data.get("printed") or "",
            elapsed=float(data.get("elapsed") or 0.0),
            raw=data,
        )

    def __getitem__(self, key: str) -> Any:
        return self.raw[key] if key in self.raw else getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except (KeyError, AttributeError):
            return default

    @property
    def raised(self) -> bool:
        """TF (or the program) raised an uncaught exception."""
        return self.status == "error"

    @property
    def judged(self) -> bool:
        """False when the oracle could not run the program to an outcome (timeout, crash)."""
        return self.status not in UNJUDGED_STATUSES

    def events(self) -> list:
        """Created and reused records merged in execution order, each with an "action"."""
        merged = [dict(e, action="create") for e in self.created]
        merged += [dict(e, action="reuse") for e in self.reused]
        merged.sort(key=lambda e: e.get("seq", 0))
        return merged

    def observed(self) -> dict:
        """This result in the semantics notes' "Observed" wording (see `observed_item`)."""
        return {
            "created": [observed_item(dict(e, action="create")) for e in self.created],
            "reused": [observed_item(dict(e, action="reuse")) for e in self.reused],
            "error": observed_error(self.error),
            "printed": self.printed,
        }

    def describe(self) -> str:
        """The semantics notes' "Observed" format, one event per line."""
        out = []
        for e in self.events():
            out.append("  " + format_event(e))
        if not out:
            out.append("  (no variables created or reused)")
        if self.error:
            out.append("  " + format_error(self.error, self.status))
        elif self.exit:
            out.append(f"  exit: SystemExit({self.exit.get('code')!r}) at line {format_lines(self.exit.get('lines'))}")
        else:
            out.append("  error: none")
        return "\n".join(out)


def format_lines(lines) -> str:
    return "\u2192".join(str(n) for n in lines) if lines else "?"


def observed_item(e: dict) -> str:
    """One created/reused record in the semantics notes' "Observed" wording (without backticks).

    created: ``dense/kernel:0 (get_variable via dense, line 7→5, store key k, graph 1, run 2)``;
    reused: ``m/w:0 (line 10→4)`` (``, partitioned`` for a partitioned variable).
    """
    created = e.get("action", "create" if "api" in e else "reuse") == "create"
    parts = []
    if created:
        api = "tf.Variable" if e.get("api") == "Variable" else "get_variable"
        parts.append(api + (f" via {e['via']}" if e.get("via") else ""))
    parts.append(f"line {format_lines(e.get('lines'))}")
    if created and e.get("key") and e["key"] + ":0" != e.get("name"):
        parts.append(f"store key {e['key']}")
    if e.get("partitioned"):
        parts.append("partitioned")
    if e.get("graph"):
        parts.append(f"graph {e['graph']}")
    if e.get("run", 1) != 1:
        parts.append(f"run {e['run']}")
    return f"{e.get('name')} ({', '.join(parts)})"


def observed_error(error: Optional[dict]) -> Optional[str]:
    """``ValueError at line 8→4: <message>``, the message cut before TF's " Originally defined at:" tail."""
    if not error:
        return None
    message = (error.get("message") or "").split(" Originally defined at:")[0]
    run = f" (run {error['run']})" if error.get("run", 1) != 1 else ""
    return f"{error.get('type')} at line {format_lines(error.get('lines'))}{run}: {message}"


def format_event(e: dict) -> str:
    action = e.get("action") or ("create" if "api" in e else "reuse")
    return f"{action:6} {observed_item(e)}"


def format_error(error: dict, status: str = "error") -> str:
    text = observed_error(error) or ""
    if len(text) > 400:
        text = text[:400] + "..."
    return f"{'error' if status == 'error' else status}: {text}"


def _tree_digest(root: str) -> str:
    """A digest of every Python file's path and contents under `root`."""
    digest = hashlib.sha256()
    for folder, dirs, files in sorted(os.walk(root)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, root).encode() + b"\0")
                with open(path, "rb") as fh:
                    digest.update(fh.read() + b"\0")
    return digest.hexdigest()


def _python() -> str:
    return os.environ.get(PYTHON_ENV) or sys.executable


def oracle_unavailable_reason(python: Optional[str] = None) -> Optional[str]:
    """None when the oracle can run, else why not (which module is missing)."""
    python = python or _python()
    if os.path.realpath(python) == os.path.realpath(sys.executable):
        missing = [m for m in REQUIRED_MODULES if importlib.util.find_spec(m) is None]
    else:
        probe = ("import importlib.util, sys\n"
                 "print(' '.join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))")
        try:
            proc = subprocess.run([python, "-c", probe, *REQUIRED_MODULES], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as exc:
            return f"cannot run the oracle interpreter {python}: {exc}"
        if proc.returncode != 0:
            return f"the oracle interpreter {python} failed: {proc.stderr.strip()[-500:]}"
        missing = proc.stdout.split()
    if missing:
        return (
            f"the oracle needs {', '.join(missing)} importable by {python} "
            "(pip install tensorflow-cpu; pip install --no-deps tf-keras tf-slim)"
        )
    return None


def oracle_available(python: Optional[str] = None) -> bool:
    """True when TensorFlow, tf_keras and tf_slim are importable by the worker's interpreter."""
    return oracle_unavailable_reason(python) is None


class _Worker:
    """One worker subprocess: its pipes, its stderr log and its unread output."""

    def __init__(self, python: str):
        env = dict(os.environ)
        env["TF_USE_LEGACY_KERAS"] = "1"
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        env["PYTHONUNBUFFERED"] = "1"
        self.stderr = tempfile.TemporaryFile()
        self.buffer = b""
        self.ready = False
        self.runs = 0
        self.proc = subprocess.Popen(
            [python, WORKER_PATH],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env=env,
            cwd=tempfile.gettempdir(),
            start_new_session=True,
        )

    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, message: dict) -> None:
        self.proc.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def read(self, deadline: float) -> Optional[dict]:
        """The next JSON line; None on timeout, EOFError when the worker died."""
        fd = self.proc.stdout.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self.buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not sel.select(remaining):
                    return None
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    raise EOFError("the worker closed its output")
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def stderr_tail(self, limit: int = 4000) -> str:
        try:
            self.stderr.flush()
            size = self.stderr.seek(0, os.SEEK_END)
            self.stderr.seek(max(0, size - limit))
            return self.stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def kill(self) -> None:
        """Workers keep no state worth a graceful exit: kill the process group."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (OSError, AttributeError):
            try:
                self.proc.kill()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass
        for stream in (self.proc.stdin, self.proc.stdout, self.stderr):
            try:
                stream.close()
            except OSError:
                pass


class Oracle:
    """Runs programs under real TensorFlow in a reusable worker subprocess.

    With `spare=True` a second worker is kept booted in the background, so a
    timeout or crash costs no TensorFlow import (about 3-8 s) before the next
    program; it doubles the memory used.
    """

    def __init__(
        self,
        *,
        python: Optional[str] = None,
        timeout: float = 60.0,
        startup_timeout: float = 180.0,
        max_runs: int = 2000,
        cache: bool = True,
        kill_grace: float = 10.0,
        spare: bool = False,
    ):
        self.python = python or _python()
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self.max_runs = max_runs
        # The worker interrupts a program itself after its timeout; a program
        # stuck in C++ code is killed `kill_grace` seconds later (worker replaced).
        self.kill_grace = kill_grace
        self.spare = spare
        self.tf_version: Optional[str] = None
        self.starts = 0  # how many workers were put to work (replacements included)
        self._use_cache = cache
        self._cache: dict = {}
        self._worker: Optional[_Worker] = None
        self._spare: Optional[_Worker] = None
        self._next_id = 0
        self._lock = threading.Lock()

    # -- lifecycle -----------------------------------------------------------------

    def __enter__(self) -> "Oracle":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):  # pragma: no cover - best effort
        try:
            self.close()
        except Exception:
            pass

    def close(self) -> None:
        """Stop the workers (the next `run` starts a new one)."""
        self._retire()
        spare, self._spare = self._spare, None
        if spare is not None:
            spare.kill()

    def _retire(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.kill()

    def start(self) -> None:
        """Start the worker now (normally the first `run` does); raises OracleUnavailable."""
        with self._lock:
            self._ensure_worker()

    def _ensure_worker(self) -> _Worker:
        worker = self._worker
        if worker is not None and (not worker.alive() or worker.runs >= self.max_runs):
            self._retire()
        if self._worker is None:
            candidate, self._spare = self._spare, None
            if candidate is None or not candidate.alive():
                if candidate is not None:
                    candidate.kill()
                candidate = _Worker(self.python)
            try:
                ready = candidate.read(time.monotonic() + self.startup_timeout)
            except (EOFError, ValueError):
                ready = None
            if ready is None or not ready.get("ready"):
                detail = (ready or {}).get("error") or candidate.stderr_tail()
                candidate.kill()
                raise OracleUnavailable(f"the oracle worker ({self.python}) did not start: {detail}")
            self.tf_version = ready.get("tf_version")
            self.starts += 1
            self._worker = candidate
        if self.spare and self._spare is None:
            self._spare = _Worker(self.python)
        return self._worker

    def stderr_tail(self, limit: int = 4000) -> str:
        """The end of the current worker's stderr (TensorFlow's own logging)."""
        return self._worker.stderr_tail(limit) if self._worker is not None else ""

    # -- running programs ----------------------------------------------------------

    def run(
        self,
        source: str,
        contrib: bool = False,
        repeat: int = 1,
        timeout: Optional[float] = None,
        filename: str = "<program>",
        cells: Optional[list] = None,
        rerun: Optional[int] = None,
        ops: bool = False,
    ) -> OracleResult:
        """Run `source` under TensorFlow (TF1 graph mode) and return what happened.

        `contrib` maps tf.contrib.slim/layers/framework/rnn onto tf_slim;
        `repeat` runs the code that many times in the same graph (a notebook
        cell re-run). A program that runs longer than `timeout` seconds gives
        status "timeout"; a worker crash gives status "crash". With `ops`,
        `result["ops"]` also lists every graph's operations. Raises
        OracleUnavailable when the worker cannot start.
        """
        notebook = None if cells is None else {"cells": [list(c) for c in cells], "rerun": rerun}
        key = (source, bool(contrib), int(repeat), filename, repr(notebook), bool(ops))
        if self._use_cache and key in self._cache:
            return self._cache[key]
        timeout = self.timeout if timeout is None else timeout
        request = {"source": source, "contrib": bool(contrib), "repeat": int(repeat), "filename": filename}
        if ops:  # and every graph's operations (harness.run_program)
            request["ops"] = True
        with self._lock:
            result = self._run_locked(dict(request, **(notebook or {})), float(timeout))
        if self._use_cache and result.judged:
            self._cache[key] = result
        return result

    def run_notebook(self, cells: list, *, contrib: bool = False, timeout: Optional[float] = None,
                     filename: str = "<notebook>") -> tuple:
        """A notebook's code cells ([[cell number, source], ...]) under TF:
        (Run All's result, {cell number: result of running the cells up to
        it, then it again}); a cell Run All does not reach has no re-run."""
        main = self.run("", contrib, 1, timeout, filename, cells=cells)
        stopped = _stopped_cell(main)
        reruns = {}
        for k, (number, _src) in enumerate(cells):
            if stopped is not None and k >= stopped:
                break
            reruns[number] = self.run("", contrib, 1, timeout, filename, cells=cells, rerun=k)
        return main, reruns

    def run_project(
        self,
        root: str,
        entry: str,
        contrib: bool = False,
        paths=(),
        timeout: Optional[float] = None,
    ) -> OracleResult:
        """Run the entry script `entry` (relative to `root`) of a multi-module project.

        Locations are project frames ``[relative path, line]`` (harness.run_project);
        `paths` are extra import roots relative to `root`. Cached by the
        contents of the project's Python files.
        """
        root = os.path.realpath(root)
        key = ("project", root, entry, bool(contrib), tuple(paths), _tree_digest(root))
        if self._use_cache and key in self._cache:
            return self._cache[key]
        timeout = self.timeout if timeout is None else timeout
        request = {"project": root, "entry": entry, "contrib": bool(contrib), "paths": list(paths)}
        with self._lock:
            result = self._run_locked(request, float(timeout))
        if self._use_cache and result.judged:
            self._cache[key] = result
        return result

    def _run_locked(self, request: dict, timeout: float) -> OracleResult:
        worker = self._ensure_worker()
        self._next_id += 1
        request = dict(request, id=self._next_id, timeout=timeout)
        started = time.monotonic()
        try:
            worker.send(request)
            message = worker.read(started + timeout + self.kill_grace)
        except (OSError, ValueError, EOFError) as exc:  # died, or wrote something unreadable
            message = None
            failure = f"{type(exc).__name__}: {exc}"
        else:
            failure = None if message is not None else "timeout"
        worker.runs += 1
        if message is not None and message.get("id") != self._next_id:
            message, failure = None, f"out-of-step reply {str(message)[:200]}"
        if message is None:
            time.sleep(0.05)  # let a dying worker finish writing its stderr
            tail = worker.stderr_tail()
            self._retire()
            elapsed = round(time.monotonic() - started, 4)
            if failure == "timeout":
                return OracleResult.from_dict({
                    "status": "timeout",
                    "error": {"type": "Timeout", "lines": [], "run": 1, "origin": "harness",
                              "message": f"the program did not finish within {timeout} s (worker killed)"},
                    "elapsed": elapsed,
                })
            return OracleResult.from_dict({
                "status": "crash",
                "error": {"type": "WorkerCrash", "lines": [], "run": 1, "origin": "harness",
                          "message": f"the oracle worker died ({failure}); its stderr ends with:\n{tail[-2000:]}"},
                "elapsed": elapsed,
            })
        if message.get("restart"):
            self._retire()
        return OracleResult.from_dict(message)


def cell_of(segments: list, line: int) -> Optional[tuple]:
    """(index of the code cell, its number, line in the cell) of a program line."""
    for k, (number, first, count) in enumerate(segments or ()):
        if first <= line < first + count:
            return k, number, line - first + 1
    return None


def _stopped_cell(result: OracleResult) -> Optional[int]:
    """Index of the code cell where Run All stopped (raised), else None."""
    if result.status not in ("error", "exit", "timeout", "crash"):
        return None
    lines = (result.error or result.exit or {}).get("lines") or []
    where = cell_of(result.get("segments"), lines[0]) if lines else None
    return where[0] if where else 0
