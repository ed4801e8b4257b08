"""Checking files: one file through the cache and its `# noqa` comments
(check_one), and the pool of worker processes that checks many, stops at
once on Ctrl-C and leaves no process behind (run_jobs). The command
(cli.py) parses options and reports; this is what it runs.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_for_connections
from typing import Deque, Dict, List, Optional, Tuple

from scopelint.cache import Cache, content_key
from scopelint.config import Settings
from scopelint.discovery import per_file_ignored
from scopelint.linter import MAX_SOURCE_BYTES, PARSE_ERROR_CODE, lint_source
from scopelint.noqa import UNUSED_NOQA_CODE, filter_findings
from scopelint.notebooks import filter_notebook_findings, is_notebook_path
from scopelint.results import CheckpointRecord, Finding, InternalError, NameRecord
from scopelint.rules import ALL_RULES
from scopelint.source import decode_source

# A process pool costs ~0.1 s to start; below this many files it loses.
POOL_MIN_FILES = 16
# Files larger than this are not read at all (they would not be analysed).
MAX_READ_BYTES = 16 * MAX_SOURCE_BYTES
_ALL_CODES = tuple(r.code for r in ALL_RULES)


def issue_tracker() -> str:
    try:
        from importlib.metadata import metadata

        for entry in metadata("scopelint").get_all("Project-URL") or ():
            label, _, url = entry.partition(",")
            if label.strip().lower() in ("issues", "bug tracker", "tracker", "bugs"):
                return url.strip()
    except Exception:  # metadata missing (e.g. run from a source tree)
        pass
    return "the scopelint issue tracker"


def _report_hint() -> str:
    return f" \u2014 please report this at {issue_tracker()}"


# --- linting one file (runs in worker processes too) ---------------------


@dataclass(frozen=True)
class Context:
    settings: Settings
    names: bool
    cache_dir: Optional[str]
    cache_fingerprint: str = ""
    verbose: bool = False
    show_source: bool = False
    src: Tuple[str, ...] = ()  # more import roots (whole-project analysis)
    follow: Tuple[str, ...] = ()  # installed packages read like the project's
    # Findings in imported project files moved to the call here that reaches them (an editor).
    own_file_only: bool = False


@dataclass
class Outcome:
    display: str
    findings: List[Finding] = field(default_factory=list)
    names: List[NameRecord] = field(default_factory=list)
    parse_errors: List[Finding] = field(default_factory=list)
    error: Optional[str] = None  # fatal: unreadable file or internal error
    notes: List[str] = field(default_factory=list)  # parts not analysed (limits): warnings
    lines: Dict[int, str] = field(default_factory=dict)  # source lines findings point at (--show-source)
    checkpoints: List[CheckpointRecord] = field(default_factory=list)  # for the project-level restore check


Job = Tuple[str, str, Optional[bytes]]  # (path to open, path to show, bytes already read or None)


def check_one(ctx: Context, cache: Optional[Cache], path: str, display: str, data: Optional[bytes] = None) -> Outcome:
    """Read, lint (through the cache), and filter one file. Never raises."""
    if data is None:
        try:
            with open(path, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                if size > MAX_READ_BYTES:  # not even read: scopelint.linter.MAX_SOURCE_BYTES refuses far less
                    return Outcome(
                        display,
                        notes=[
                            f"{display}: not analysed: {size / 1e6:.0f} MB is over scopelint's "
                            f"limit of {MAX_SOURCE_BYTES / 1e6:.0f} MB per file"
                        ],
                    )
                data = fh.read()
        except OSError as exc:  # also a file deleted since it was found
            return Outcome(display, error=f"{display}: cannot read: {exc.strerror or exc}")
    phase = "front end"
    try:
        notebook = is_notebook_path(path)
        project = repr((ctx.src, ctx.follow)).encode() if ctx.src or ctx.follow else b""
        if ctx.own_file_only:
            project += b"own-file-only:"
        key = content_key(project + data, notebook=notebook) if cache is not None else ""
        result = cache.get(key, display) if cache is not None else None
        if result is None:
            phase = "lint_source"
            result = lint_source(
                data, display, names=ctx.names, src=ctx.src, follow=ctx.follow, own_file_only=ctx.own_file_only
            )
            phase = "front end"
            if cache is not None and not result.skipped:
                cache.put(key, result)
        if result.skipped:
            return Outcome(display)
        enabled = ctx.settings.selection.enabled - per_file_ignored(ctx.settings, path)
        text = None
        if result.findings or UNUSED_NOQA_CODE in enabled:
            text, _ = decode_source(data)
            if text is None:  # undecodable: its `# noqa` comments are ASCII anyway
                text = data.decode("utf-8", "replace")
        own = [f for f in result.findings if f.path == display]
        if notebook:  # `# noqa` comments are on the cells' lines
            findings = filter_notebook_findings(own, data, enabled, _ALL_CODES, display)
        else:
            findings = filter_findings(own, text, enabled, _ALL_CODES, display)
        findings += filter_in_files(ctx, [f for f in result.findings if f.path != display])
        parse_errors = [f for f in result.findings if f.code == PARSE_ERROR_CODE]
        lines = _source_lines(text, findings) if ctx.show_source and text is not None else {}
        notes = [f"{display}: {n}" for n in result.notes]
        return Outcome(
            display,
            findings,
            list(result.names),
            parse_errors,
            notes=notes,
            lines=lines,
            checkpoints=result.checkpoints,
        )
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a bug (even a Rust panic from libcst): report it, lint the other files
        if not isinstance(exc, InternalError):
            exc = InternalError(display, phase, exc)
        message = f"{exc}{_report_hint()}"
        if ctx.verbose:
            message += "\n" + "".join(traceback.format_exception(type(exc.cause), exc.cause, exc.cause.__traceback__))
        return Outcome(display, error=message.rstrip("\n"))


def filter_in_files(ctx: Context, findings: List[Finding]) -> List[Finding]:
    """Findings the program leads to in other project files: their `# noqa`
    comments and per-file ignores are those of the file they are in."""
    kept: List[Finding] = []
    by_path: Dict[str, List[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    for path, group in by_path.items():
        try:
            with open(path, "rb") as fh:
                text, _ = decode_source(fh.read())
        except OSError:
            text = None
        enabled = ctx.settings.selection.enabled - per_file_ignored(ctx.settings, path) - {UNUSED_NOQA_CODE}
        kept += filter_findings(group, text, frozenset(enabled), _ALL_CODES, path)
    return kept


def _source_lines(text: str, findings: List[Finding]) -> Dict[int, str]:
    wanted = {f.line for f in findings} | {r.line for f in findings for r in f.related}
    return {n: line for n, line in enumerate(text.split("\n"), 1) if n in wanted}


class WorkerDied(Exception):
    """A worker process died outright (a crash in native code, the OOM killer)."""


class Progress:
    """`files done/total` on standard error, rewritten in place, for runs
    that last (nothing during the first DELAY seconds) and only on a terminal."""

    DELAY = 1.0
    EVERY = 0.1

    def __init__(self, total: int, enabled: bool, stream=None) -> None:
        self.total, self.enabled, self.stream = total, enabled, stream or sys.stderr
        self.done = 0
        self.start = self.last = time.monotonic()
        self.shown = False

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start >= self.DELAY and (now - self.last >= self.EVERY or self.done == self.total):
            self.last = now
            self.stream.write(f"\rscopelint: {self.done}/{self.total} files")
            self.stream.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


_HAS_SIGMASK = hasattr(signal, "pthread_sigmask")  # POSIX


def _worker_main(conn, ctx: Context, parent: int) -> None:
    """A worker process: lint the batches the parent sends until it sends None.
    Ctrl-C is the parent's to handle (it kills the workers): ignore it here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _HAS_SIGMASK:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    cache = Cache(ctx.cache_dir, ctx.cache_fingerprint) if ctx.cache_dir else None
    while True:
        try:
            # A forked worker holds copies of the parent's pipe ends, so a dead
            # parent is not always an end of file: look for it too.
            while not conn.poll(0.5):
                if os.getppid() != parent:
                    return
            batch = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if batch is None:
            return
        conn.send([(i, check_one(ctx, cache, *job)) for i, job in batch])


def _stop_workers(procs, ctx: Context) -> None:
    """Kill the workers at once (they hold nothing but temporary cache files,
    which are then removed) and reap them."""
    for proc in procs:
        if proc.is_alive():
            proc.kill()
    for proc in procs:
        proc.join(5)
    if ctx.cache_dir:
        Cache(ctx.cache_dir, ctx.cache_fingerprint).remove_temp_files(p.pid for p in procs if p.pid)


def _send(conn, proc, message) -> None:
    try:
        conn.send(message)
    except OSError:  # its end of the pipe is closed: the worker died
        raise WorkerDied(
            f"a worker process died (exit code {proc.exitcode}); rerun with --jobs 1 to find the file"
        ) from None


Batch = List[Tuple[int, Job]]


def _worker_queues(jobs: List[Job], workers: int) -> List[Deque[Batch]]:
    """The jobs (in path order) cut into one contiguous run per worker, in
    batches: files of one package stay with one worker, which reads the
    modules they import once (whole-project analysis) instead of every
    worker reading them all."""
    size = max(1, min(32, len(jobs) // (workers * 8)))
    indexed = list(enumerate(jobs))
    batches = [indexed[i : i + size] for i in range(0, len(indexed), size)]
    cut = [round(k * len(batches) / workers) for k in range(workers + 1)]
    return [deque(batches[cut[k] : cut[k + 1]]) for k in range(workers)]


def _next_batch(own: Deque[Batch], queues: List[Deque[Batch]]) -> Optional[Batch]:
    """The next batch of a worker's own run; once that is done, the last
    batch of the longest other run (its far end, away from where its own
    worker is reading)."""
    if own:
        return own.popleft()
    victim = max(queues, key=len)
    return victim.pop() if victim else None


def _run_pool(ctx: Context, jobs: List[Job], workers: int, progress: Progress) -> Optional[List[Outcome]]:
    """Lint `jobs` in `workers` processes, or return None when no process can
    be started. Each worker has its own pipe and at most one batch in flight:
    no lock is shared, so killing a worker can never wedge the others. Any
    exception once the first worker exists (Ctrl-C above all) kills them all."""
    mp = multiprocessing.get_context()
    procs, conns = [], []
    starting = True
    try:
        # SIGINT stays blocked while workers start, so none dies of Ctrl-C
        # before it ignores it; one that came meanwhile is raised on unblocking.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if _HAS_SIGMASK else None
        try:
            for _ in range(workers):
                parent_end, child_end = mp.Pipe()
                conns.append(parent_end)
                proc = mp.Process(
                    target=_worker_main, args=(child_end, ctx, os.getpid()), daemon=True, name="scopelint-worker"
                )
                procs.append(proc)
                proc.start()
                child_end.close()
        finally:
            if blocked is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        starting = False
        queues = _worker_queues(jobs, workers)
        mine = dict(zip(conns, queues))
        results: List[Optional[Outcome]] = [None] * len(jobs)
        busy = {}
        for conn, proc in zip(conns, procs):
            batch = _next_batch(mine[conn], queues)
            _send(conn, proc, batch)
            if batch is not None:
                busy[conn] = proc
        while busy:
            for conn in wait_for_connections(list(busy)):  # type: ignore[assignment]
                try:
                    done = conn.recv()
                except (EOFError, OSError):
                    # Python errors never get here (check_one catches them);
                    # rerunning serially would crash this process too.
                    busy[conn].join(1)
                    raise WorkerDied(
                        f"a worker process died (exit code {busy[conn].exitcode}); rerun with --jobs 1 to find the file"
                    ) from None
                for i, outcome in done:
                    results[i] = outcome
                progress.advance(len(done))
                batch = _next_batch(mine[conn], queues)
                _send(conn, busy[conn], batch)
                if batch is None:
                    del busy[conn]
        for proc in procs:
            proc.join()
        return results  # type: ignore[return-value]
    except BaseException as exc:  # Ctrl-C, a dead worker: stop the others now
        _stop_workers([p for p in procs if p.pid is not None], ctx)
        if starting and isinstance(exc, OSError):
            return None  # no /dev/shm, fork refused: run serially
        raise
    finally:
        for conn in conns:
            conn.close()


def run_jobs(ctx: Context, jobs: List[Job], n_jobs: int, progress: Optional[Progress] = None) -> List[Outcome]:
    progress = progress or Progress(len(jobs), False)
    if n_jobs > 1 and len(jobs) >= POOL_MIN_FILES:
        outcomes = _run_pool(ctx, jobs, min(n_jobs, len(jobs)), progress)
        if outcomes is not None:
            return outcomes
    cache = Cache(ctx.cache_dir, ctx.cache_fingerprint) if ctx.cache_dir else None
    outcomes = []
    for job in jobs:
        outcomes.append(check_one(ctx, cache, *job))
        progress.advance()
    return outcomes
