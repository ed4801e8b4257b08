"""The single linting function every front end (CLI, flake8, pre-commit) calls.

Every input ends as a lint result; `lint_source` raises only
`InternalError`, and only for a bug in scopelint itself:

1. Bytes are decoded as CPython's import does (scopelint.source); a file
   that cannot be decoded is one SCO901 finding.
2. A file in which no TensorFlow name appears cannot produce a finding and
   is not parsed (the prefilter; `prefilter=False` turns it off).
3. A file larger than `MAX_SOURCE_BYTES` is not parsed: libcst needs about
   600 bytes of memory per byte of source. The result says so in `notes`.
4. CPython's own parser judges the syntax first (scopelint.source; about
   7% of a lint): a file it rejects is one SCO901 with its message and
   position. This also keeps from libcst what only CPython refuses cheaply
   (brackets nested past 200, expressions nested thousands deep), on which
   libcst's native parser is slow and can overflow its stack.
5. A valid file that names no API that can report (no `variable_scope`,
   `get_variable`, layer, cell, optimizer... anywhere in its text:
   scopelint.engine.vocabulary) cannot produce a finding either and is not
   parsed by libcst (the prefilter's second stage).
6. libcst parses and the engine analyses on a long-lived helper thread with
   a large stack and a raised recursion limit, so deeply nested but valid code
   neither overflows the C stack (libcst's parser is native code: a stack
   overflow kills the process) nor stops on RecursionError. Where a limit
   is still reached the analysis falls back to "unknown": fewer findings,
   never a guess.
"""

from __future__ import annotations

import os
import queue
import re
import sys
import threading
import warnings
from dataclasses import replace
from typing import Any, Callable, Optional, Sequence, Union

from scopelint.notebooks import (
    NotebookError,
    build_program,
    is_notebook_path,
    percent_cells,
    read_cells,
    relabel,
    statement_ranges,
)
from scopelint.project import imports_for, imports_may_report, may_reach_tensorflow, shared_tree
from scopelint.results import Finding, InternalError, LintResult, Related
from scopelint.source import SourceProblem, declared_encoding, decode_source, python_syntax_problem

# Only a module that imports TensorFlow (or tf_slim) can produce a finding:
# every API the engine knows is reached through such an import.
_PREFILTER = re.compile(rb"tensorflow|tf_slim")

PARSE_ERROR_CODE = "SCO901"
PARSE_ERROR_NAME = "parse-error"

# Larger files are not analysed (see the module doc): 4 MB is about
# 100,000 lines of dense code, up to 3.5 GB of libcst tree and 40 s of work
# (docs/performance.md).
MAX_SOURCE_BYTES = 4_000_000

# The helper thread's stack and recursion limit. The stack is only reserved
# (pages are touched as used); 512 MB leaves more than 8 KB of C stack per
# Python frame at the recursion limit.
DEEP_STACK_BYTES = 512 * 1024 * 1024
DEEP_RECURSION_LIMIT = 60_000


def _parse_error(path: str, message: str, line: int = 1, column: int = 1) -> Finding:
    return Finding(path, line, column, PARSE_ERROR_CODE, PARSE_ERROR_NAME, " ".join(message.split()))


def _from_problem(path: str, problem: SourceProblem, prefix: str = "") -> Finding:
    return _parse_error(path, prefix + problem.message, problem.line, problem.column)


_LIBCST_POSITION = re.compile(r"error at (\d+):(\d+)")


def _libcst_refused(path: str, libcst_message: str) -> Finding:
    """SCO901 for a file CPython accepts but libcst cannot parse (a
    libcst limitation, e.g. thousands of implicitly concatenated strings)."""
    detail = " ".join(libcst_message.split())
    match = _LIBCST_POSITION.search(detail)
    line, column = (int(match.group(1)), int(match.group(2)) + 1) if match else (1, 1)
    return _parse_error(
        path, f"cannot parse: Python accepts this file but scopelint's parser (libcst) cannot ({detail})", line, column
    )


def lint_source(
    source: Union[str, bytes],
    path: str = "<stdin>",
    *,
    names: bool = False,
    prefilter: bool = True,
    cells: Optional[list] = None,
    follow_imports: bool = True,
    src: Sequence[str] = (),
    follow: Sequence[str] = (),
    own_file_only: bool = False,
) -> LintResult:
    """Lint one module. Returns findings (and, with `names`, predicted names).

    `source` is the file's bytes (decoded as Python would) or its text; a
    path ending in `.ipynb` is read as a notebook (scopelint.notebooks).
    `cells`: (first, last) lines of notebook cells, each also analysed as
    re-run (SCO204); by default the `# %%` cells of a percent-format file.
    When `path` is a file on disk and `follow_imports` is on, the module is
    analysed as the program it starts: the project modules it imports
    (found from its directory, its package's top, `src/` and `src`) are
    read and run, and findings they lead to may lie in those files
    (`Finding.path` names them); `follow` names installed packages read the
    same way (`tf_slim.nets`). Raises InternalError only for a bug in
    scopelint itself. With `own_file_only`, findings in those files are
    moved to the call in this file that leads to them (rules.run_rules).
    """
    if cells is None and is_notebook_path(path):
        return _lint_notebook(source, path, names, prefilter)
    result = LintResult(path)
    follow_on = follow_imports and path != "<stdin>" and os.path.isfile(path)
    if isinstance(source, bytes):
        if prefilter and not _may_name_tensorflow(source) and not (follow_on and _imports_reach_tf(path, source, src)):
            result.skipped = True
            return result
        text, problem = decode_source(source)
        if problem is not None:
            result.findings.append(_from_problem(path, problem))
            return result
        assert text is not None
    else:
        text = source
        encoded = text.encode("utf-8", "surrogatepass")
        if prefilter and not _PREFILTER.search(encoded) and not (follow_on and _imports_reach_tf(path, encoded, src)):
            result.skipped = True
            return result
    size = len(source) if isinstance(source, bytes) else len(text)
    if size > MAX_SOURCE_BYTES:
        result.notes.append(
            f"not analysed: {size / 1e6:.1f} MB is over scopelint's limit of {MAX_SOURCE_BYTES / 1e6:.0f} MB per file"
        )
        return result
    problem = python_syntax_problem(text)
    if problem is not None:
        result.findings.append(_from_problem(path, problem, "cannot parse: "))
        return result
    if (
        prefilter
        and not _may_report(path, text)
        and not (follow_on and _imports_may_report(path, text, src))
        and not any(p in text for p in follow)
    ):
        return result  # no API that reports is named: nothing to find
    if cells is None and "%%" in text:
        cells = percent_cells(text)
    _call_with_deep_stack(
        _quietly, _parse_and_analyse, result, text, names, cells, follow_on, tuple(src), own_file_only, tuple(follow)
    )
    return result


def _lint_notebook(source: Union[str, bytes], path: str, names: bool, prefilter: bool) -> LintResult:
    """A notebook's code cells linted as one program, positions per cell."""
    result = LintResult(path)
    data = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
    if prefilter and not _PREFILTER.search(data):
        result.skipped = True
        return result
    if len(data) > MAX_SOURCE_BYTES * 4:  # outputs (images) make notebooks larger than their code
        result.notes.append(f"not analysed: {len(data) / 1e6:.1f} MB is over scopelint's limit for a notebook")
        return result
    try:
        cells, language = read_cells(data)
    except NotebookError as exc:
        result.findings.append(_parse_error(path, exc.message, exc.line, exc.column))
        return result
    if language is not None and not language.startswith(("python", "ipython")):
        result.notes.append(f"not analysed: the notebook's kernel language is {language!r}, not Python")
        return result
    program = build_program(cells)
    inner = lint_source(program.text, path, names=names, prefilter=prefilter, cells=program.cell_ranges())
    for f in inner.findings:
        if f.path != path:  # in an imported module of the project
            result.findings.append(f)
            continue
        cell, line, column = program.locate(f.line, f.column)
        related = []
        for r in f.related:  # a related place in the finding's own cell (Related has no cell)
            r_cell, r_line, r_column = program.locate(r.line, r.column or 1)
            if r_cell == cell:
                related.append(Related(r_line, r_column if r.column else 0, r.message))
        message = relabel(f.message, program)
        result.findings.append(Finding(path, line, column, f.code, f.name, message, tuple(related), cell=cell))
    if program.syntax_error is not None:
        cell, line, column, message = program.syntax_error
        error = _parse_error(
            path,
            f"cannot parse cell {cell} (Run All stops there; later cells are not analysed): {message}",
            line,
            column,
        )
        result.findings.append(Finding(path, line, column, error.code, error.name, error.message, cell=cell))
    for n in inner.names:
        chain = _cells_of_chain(program, path, n.chain)
        if n.path != path:
            result.names.append(replace(n, chain=chain))
            continue
        cell, line, column = program.locate(n.line, n.column)
        result.names.append(replace(n, path=path, line=line, column=column, cell=cell, chain=chain))
    result.dependencies = inner.dependencies
    result.notes.extend(inner.notes)
    result.skipped = inner.skipped and program.syntax_error is None
    return result


def _cells_of_chain(program: Any, path: str, chain: tuple) -> tuple:
    """A name's call chain with the notebook's program lines as (cell, line in cell)."""
    out = []
    for where, at, cell in chain:
        if where == path:
            cell, at, _ = program.locate(at, 1)
        out.append((where, at, cell))
    return tuple(out)


def _imports_reach_tf(path: str, data: bytes, src: Sequence[str]) -> bool:
    """The prefilter for a file without TensorFlow in its own text: does a
    project module it imports (transitively) mention it?"""
    return may_reach_tensorflow(path, data, src)


def _imports_may_report(path: str, text: str, src: Sequence[str]) -> bool:
    return imports_may_report(path, text.encode("utf-8", "surrogatepass"), lambda t: _may_report(path, t), src)


def _quietly(fn: Callable[..., Any], *args: Any) -> Any:
    """fn(*args) with Python's warnings silenced: evaluating the user's
    literals warns about *their* code (invalid escapes: SyntaxWarning since
    Python 3.12), which is not scopelint's to print."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args)


# Declared encodings in which the text `tensorflow` is the same bytes as in
# ASCII (for any other, e.g. utf-7, the text is searched after decoding).
_ASCII_SAFE = frozenset({"utf-8", "iso-8859-1", "ascii", "us-ascii", "latin1", "cp1252", "utf8"})


def _may_name_tensorflow(data: bytes) -> bool:
    """The prefilter on a file's bytes: False only when no TensorFlow name
    can appear in the decoded text."""
    if _PREFILTER.search(data):
        return True
    encoding = declared_encoding(data)
    if encoding is None or encoding.lower() in _ASCII_SAFE:
        return False
    text, _problem = decode_source(data)
    return text is not None and _PREFILTER.search(text.encode("utf-8", "surrogatepass")) is not None


def _may_report(path: str, text: str) -> bool:
    """The prefilter's second stage (scopelint.engine.vocabulary)."""
    try:
        from scopelint.engine.vocabulary import may_report
    except Exception as exc:
        raise InternalError(path, "import of the analysis engine", exc) from exc
    return may_report(text)


# --- parse and analyse (on the helper thread) --------------------------------


def _parse_and_analyse(
    result: LintResult,
    text: str,
    names: bool,
    cells: Optional[list] = None,
    follow: bool = False,
    src: Sequence[str] = (),
    own_file_only: bool = False,
    follow_packages: Sequence[str] = (),
) -> None:
    path = result.path
    # --- parse -------------------------------------------------------------
    try:
        import libcst as cst

        from scopelint.parse import parse_module
    except Exception as exc:  # a broken installation
        raise InternalError(path, "import of libcst", exc) from exc
    try:
        # A module of the project: other entries of this process may import it.
        module = shared_tree(path, text, parse_module) if path.endswith(".py") else parse_module(text)
    except cst.ParserSyntaxError as exc:
        result.findings.append(_libcst_refused(path, exc.message))
        return
    except (RecursionError, MemoryError) as exc:
        result.findings.append(
            _parse_error(
                path,
                f"cannot parse: the source is too deeply nested or too large for scopelint's parser "
                f"({type(exc).__name__})",
            )
        )
        return
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # e.g. pyo3's PanicException (a BaseException) from libcst's native parser
        if type(exc).__name__ in ("ParserSyntaxError", "SyntaxError"):  # raised by another libcst layer
            result.findings.append(_libcst_refused(path, str(exc)))
            return
        raise InternalError(path, "parse", exc) from exc

    # --- analyse -----------------------------------------------------------
    try:
        from scopelint.engine.analysis import analyze_module
        from scopelint.rules import run_rules
    except Exception as exc:
        raise InternalError(path, "import of the analysis engine", exc) from exc
    phase = "analysis"
    try:
        imports = None
        if follow:
            imports = imports_for(path, src, follow_packages)
        ranges = statement_ranges(module, text, cells) if cells else None
        analysis = analyze_module(module, imports, cells=ranges)
        analysis.source_text = text  # for positions (scopelint.positions)
        analysis.main_path = path
        analysis.display = _displayer(path)
        result.dependencies = analysis.dependencies()
        phase = "rules"
        findings = list(run_rules(analysis, path, own_file_only=own_file_only))
        phase = "names"
        records = analysis.name_records(path) if names else []
        result.checkpoints = analysis.checkpoint_records(path)
    except (RecursionError, MemoryError) as exc:
        # Still too deep or too large with the deep stack: unknown, never a guess.
        result.notes.append(f"not analysed: {type(exc).__name__} in {phase} (the code is nested too deeply)")
        return
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        if phase == "rules":
            phase = _failing_rule(exc) or phase
        raise InternalError(path, phase, exc) from exc
    if analysis.truncated:
        result.notes.append(
            "analysis cut short at a work limit (statements, branches or nesting): "
            "what it did not follow is unknown, and nothing is reported for it"
        )
    findings.sort(key=lambda f: (f.line, f.column, f.code))
    result.findings.extend(findings)
    # result.names stays in execution order: the order TF creates variables.
    result.names.extend(records)


def _displayer(path: str) -> Callable[[str], str]:
    """Other files are shown relative to how the linted file was named
    (`proj/train.py` and `/abs/proj/model.py` -> `proj/model.py`)."""
    base = os.path.dirname(os.path.abspath(path))
    shown = os.path.dirname(path)

    def display(other: str) -> str:
        return os.path.normpath(os.path.join(shown, os.path.relpath(other, base)))

    return display


def _failing_rule(exc: BaseException) -> Optional[str]:
    """'rule SCO101 (duplicate-variable)' when a rule module's code is on
    the traceback (the innermost one), else None."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        module = sys.modules.get(tb.tb_frame.f_globals.get("__name__", ""))
        rule = getattr(module, "RULE", None)
        if rule is not None and getattr(rule, "code", None):
            found = f"rule {rule.code} ({rule.name})"
        tb = tb.tb_next
    return found


# --- the helper thread --------------------------------------------------------
#
# One long-lived thread per process (started on first use, again after a
# fork): starting a thread per file, with a fresh stack to fault in, costs
# about a tenth of a lint. Calls from several threads queue up.

_deep_lock = threading.Lock()
_deep_users = 0
_saved_recursion_limit = 0
_worker: Optional["_DeepWorker"] = None


class _DeepWorker:
    def __init__(self) -> None:
        self.pid = os.getpid()
        self.requests: "queue.SimpleQueue" = queue.SimpleQueue()
        previous = threading.stack_size(DEEP_STACK_BYTES)
        try:
            self.thread = threading.Thread(target=self._serve, name="scopelint-lint", daemon=True)
            self.thread.start()
        finally:
            threading.stack_size(previous)

    def _serve(self) -> None:
        while True:
            fn, args, done, outcome = self.requests.get()
            try:
                outcome.append((True, fn(*args)))
            except BaseException as exc:  # handed to the caller's thread
                outcome.append((False, exc))
            finally:
                done.set()

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        outcome: list = []
        done = threading.Event()
        self.requests.put((fn, args, done, outcome))
        done.wait()
        ok, value = outcome[0]
        if ok:
            return value
        raise value


def _deep_worker() -> Optional[_DeepWorker]:
    """The process's worker, started if needed; None where no thread with
    such a stack can be started."""
    global _worker
    worker = _worker
    if worker is not None and worker.pid == os.getpid():
        return worker
    with _deep_lock:
        if _worker is None or _worker.pid != os.getpid():  # none yet, or inherited through fork (no thread)
            try:
                _worker = _DeepWorker()
            except (RuntimeError, ValueError, MemoryError, OSError):  # no threads, or no stack that size
                return None
        return _worker


def _call_with_deep_stack(fn: Callable[..., Any], *args: Any) -> Any:
    """fn(*args) on the helper thread, which has a DEEP_STACK_BYTES stack,
    with the recursion limit raised to DEEP_RECURSION_LIMIT (restored when
    the last such call ends). Where no such thread can be started (or when
    called from it), fn runs here with the limits unchanged."""
    global _deep_users, _saved_recursion_limit
    worker = _deep_worker()
    if worker is None or threading.current_thread() is worker.thread:
        return fn(*args)
    with _deep_lock:
        if _deep_users == 0:
            _saved_recursion_limit = sys.getrecursionlimit()
            if _saved_recursion_limit < DEEP_RECURSION_LIMIT:
                sys.setrecursionlimit(DEEP_RECURSION_LIMIT)
        _deep_users += 1
    try:
        return worker.call(fn, *args)
    finally:
        with _deep_lock:
            _deep_users -= 1
            if _deep_users == 0:
                sys.setrecursionlimit(_saved_recursion_limit)


def lint_path(path: str, *, names: bool = False, prefilter: bool = True, **options: Any) -> LintResult:
    """Read and lint one file (`options` as for lint_source); an unreadable
    file raises OSError for the caller."""
    with open(path, "rb") as fh:
        data = fh.read()
    return lint_source(data, path, names=names, prefilter=prefilter, **options)
