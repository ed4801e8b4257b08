"""Run one TF1-style program under real TensorFlow and record what it does.

Imported only inside the oracle worker process (it imports TensorFlow).
`run_program(source)` executes the program in graph mode with TF1 behaviour
(`tf.compat.v1`, `disable_v2_behavior()`: reference variables, v1 shapes)
and returns a JSON-serialisable dict:

* ``created``: every variable created, in order::

      {"name": "a/w:0", "key": "a/w" or None, "api": "get_variable" | "Variable",
       "via": "dense" or None, "lines": [outer, ..., inner], "graph": 0, "run": 1,
       "seq": 0, "shape": [8, 2], "dtype": "float32"}

  ``key`` is the variable-store key (None for ``tf.Variable``); ``via`` is the
  library function the program called that led to the creation (None when
  the program called ``tf.get_variable`` / ``tf.Variable`` itself);
  ``lines`` is the chain of frames in the program's own file, module level
  first; ``graph`` numbers graphs in the order the program first makes or
  finds a variable in them (0 = the default graph it starts in); ``run`` is
  1-based (``repeat=2`` runs the code twice in the same graph); ``seq`` orders
  created and reused events together.
* ``reused``: every variable-store lookup that returned an existing variable
  (``{"name", "key", "via", "lines", "graph", "run", "seq", "partitioned", "shape", "dtype"}``;
  a partitioned variable is reported by its logical name, without ``:0``).
* ``error``: the first uncaught exception ``{"type", "message", "lines",
  "run", "origin"}`` (``origin`` is "program" when the innermost traceback
  frame is the program's own code, else "library") or None.
* ``exit``: ``{"code", "lines", "run"}`` when the program raised SystemExit
  (``sys.exit()``, ``tf.app.run()``), else None. Not an error.
* ``entered``: the ``def`` lines of the program's functions whose body ran
  (sorted; a function never called is absent). The program is compiled with
  one hidden call at the top of each function body; line numbers are kept.
* ``printed``: the program's captured stdout.
* ``status``: "ok", "error", "exit" or "timeout".
"""

from __future__ import annotations

import ast
import builtins
import importlib
import io
import linecache
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import types
import warnings

os.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf.layers / tf.nn.rnn_cell come from tf_keras
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

MAX_PRINTED = 200_000  # bytes of program stdout kept
MAX_MESSAGE = 20_000  # characters of an exception message kept

_HERE = os.path.abspath(__file__)
_HERE_DIR = os.path.dirname(_HERE)

# Library frames that only wrap the real API function: skipped when deriving `via`.
_WRAPPER_FILE_PARTS = (
    "/tensorflow/python/util/",  # deprecation, dispatch, tf_decorator, traceback_utils
    "/traceback_utils.py",  # keras / tf_keras error handlers
    "/tf_slim/ops/arg_scope.py",  # @add_arg_scope's func_with_args
    "/contextlib.py",
    "/functools.py",
)
# Calling these directly means "no library in between": via is None.
_DIRECT_API = {
    "get_variable",
    "VariableScope.get_variable",
    "_VariableStore.get_variable",
    "VariableMetaclass.__call__",
}
_DIRECT_API_FILES = ("/ops/variable_scope.py", "/ops/variables.py", "/ops/variable_v1.py")
_HARNESS_FRAME_LINE = re.compile(
    r'^ *File "' + re.escape(_HERE_DIR) + r'[/\\][^"]*", line \d+, in [^\n]*\n(?: {4}[^\n]*\n)?',
    re.MULTILINE,
)
_INLINED_COMPREHENSIONS = {"<listcomp>", "<setcomp>", "<dictcomp>"}

CONTRIB_NOTE = (
    "the scopelint oracle's tf.contrib shim maps only contrib.slim, contrib.layers, contrib.framework and contrib.rnn"
)


class ProgramTimeout(BaseException):
    """Raised inside the program when its time is up (BaseException: `except Exception` won't eat it)."""


_tf = None  # the real `tensorflow` package
_v1 = None  # tensorflow.compat.v1
_RECORDER = None  # the _Recorder of the program being run, else None
_TIMER_ACTIVE = False
_NEEDS_RESTART = False
_CONTRIB = None
_MODE = None  # TF global-mode fingerprint right after disable_v2_behavior()


# ---------------------------------------------------------------------------
# Frames -> program line chains and `via`
# ---------------------------------------------------------------------------


def _norm(path: str) -> str:
    return path.replace("\\", "/")


_HARNESS_FILES: dict = {}


def _is_harness_file(path: str) -> bool:
    """Is `path` one of the oracle's own files (harness.py, worker.py)? Cached: called per frame."""
    known = _HARNESS_FILES.get(path)
    if known is None:
        known = not path.startswith("<") and os.path.dirname(os.path.abspath(path)) == _HERE_DIR
        _HARNESS_FILES[path] = known
    return known


def _line_chain(entries):
    """entries: (lineno, co_name) outermost first -> list of lines.

    An inlined comprehension (Python >= 3.12 has no frame for it) replaces
    its parent's line, so the innermost line is always the call itself.
    """
    lines = []
    for lineno, co_name in entries:
        if co_name in _INLINED_COMPREHENSIONS and lines:
            lines.pop()
        lines.append(lineno)
    return lines


def _via(between):
    """between: library frames inside the innermost program frame, innermost first."""
    for frame in reversed(between):
        code = frame.f_code
        path = _norm(code.co_filename)
        if _is_harness_file(code.co_filename):
            continue
        if any(part in path for part in _WRAPPER_FILE_PARTS):
            continue
        qualname = getattr(code, "co_qualname", code.co_name)
        if qualname in _DIRECT_API and path.endswith(_DIRECT_API_FILES):
            return None
        return qualname
    return None


class _Recorder:
    def __init__(self, filename: str):
        self.filename = filename
        self.created: list[dict] = []
        self.reused: list[dict] = []
        self.run = 1
        self.seq = 0
        self.store_depth = 0
        self.entered: set = set()  # def lines of the functions whose body ran
        self._graphs: dict[int, int] = {}
        self._graph_refs: list = []  # keep graphs alive so their ids stay unique

    def graph_number(self, graph) -> int:
        number = self._graphs.get(id(graph))
        if number is None:
            number = self._graphs[id(graph)] = len(self._graphs)
            self._graph_refs.append(graph)
        return number

    def where(self, frame):
        """(lines, via) for the call stack ending at `frame` (the hook's caller)."""
        program = []
        between = []
        f = frame
        while f is not None:
            filename = f.f_code.co_filename
            if filename == self.filename:
                program.append((f.f_lineno, f.f_code.co_name))
            elif _is_harness_file(filename) and program:
                break
            elif not program:
                between.append(f)
            f = f.f_back
        return _line_chain(reversed(program)), _via(between)

    def _event(self, name, key, frame) -> dict:
        lines, via = self.where(frame)
        event = {
            "name": name,
            "key": key,
            "via": via,
            "lines": lines,
            "graph": self.graph_number(_tf.compat.v1.get_default_graph()),
            "run": self.run,
            "seq": self.seq,
        }
        self.seq += 1
        return event

    def add_created(self, name, key, api, frame, var=None):
        event = self._event(name, key, frame)
        event["api"] = api
        event["shape"], event["dtype"] = _shape_dtype(var)
        self.created.append(event)

    def add_reused(self, name, key, frame, partitioned=False, var=None):
        event = self._event(name, key, frame)
        event["partitioned"] = partitioned
        event["shape"], event["dtype"] = _shape_dtype(var)
        self.reused.append(event)


def _shape_dtype(var):
    """A variable's static shape (a list, None dims kept; None when the rank is unknown) and base dtype."""
    if var is None:
        return None, None
    try:
        shape = var.get_shape()
        dims = None if shape.ndims is None else [d if d is None else int(d) for d in shape.as_list()]
        return dims, var.dtype.base_dtype.name
    except Exception:  # a partitioned variable or an exotic object: nothing to compare
        return None, None


# ---------------------------------------------------------------------------
# TensorFlow set-up and recording hooks
# ---------------------------------------------------------------------------


def _tf_mode():
    from tensorflow.python import tf2
    from tensorflow.python.eager import context
    from tensorflow.python.framework import tensor_shape
    from tensorflow.python.ops import control_flow_v2_toggles, resource_variables_toggle

    return (
        tf2.enabled(),
        context.executing_eagerly(),
        resource_variables_toggle.resource_variables_enabled(),
        tensor_shape._TENSORSHAPE_V2_OVERRIDE,
        control_flow_v2_toggles.control_flow_v2_enabled(),
    )


def _install_hooks():
    from tensorflow.python.ops import variable_scope as vs
    from tensorflow.python.ops import variable_v1, variables

    store = vs._VariableStore
    if getattr(store._get_single_variable, "_scopelint_oracle", False):
        return
    orig_single = store._get_single_variable
    orig_partitioned = store._get_partitioned_variable
    orig_v1_creator = variable_v1.default_variable_creator
    orig_v2_creator = variables.default_variable_creator_v2

    def _get_single_variable(self, name, *args, **kwargs):
        rec = _RECORDER
        if rec is None:
            return orig_single(self, name, *args, **kwargs)
        existed = name in self._vars
        rec.store_depth += 1
        try:
            var = orig_single(self, name, *args, **kwargs)
        finally:
            rec.store_depth -= 1
        frame = sys._getframe(1)
        try:
            if existed:
                rec.add_reused(var.name, name, frame, var=var)
            else:
                rec.add_created(var.name, name, "get_variable", frame, var=var)
        finally:
            del frame
        return var

    def _get_partitioned_variable(self, name, *args, **kwargs):
        rec = _RECORDER
        existed = rec is not None and name in self._partitioned_vars
        var = orig_partitioned(self, name, *args, **kwargs)
        if existed:
            frame = sys._getframe(1)
            try:
                rec.add_reused(name, name, frame, partitioned=True)
            finally:
                del frame
        return var

    def _wrap_creator(orig):
        def default_variable_creator(next_creator=None, **kwargs):
            var = orig(next_creator, **kwargs)
            rec = _RECORDER
            if rec is not None and rec.store_depth == 0 and kwargs.get("variable_def") is None:
                frame = sys._getframe(1)
                try:
                    rec.add_created(var.name, None, "Variable", frame, var=var)
                finally:
                    del frame
            return var

        default_variable_creator._scopelint_oracle = True
        return default_variable_creator

    _get_single_variable._scopelint_oracle = True
    store._get_single_variable = _get_single_variable
    store._get_partitioned_variable = _get_partitioned_variable
    variable_v1.default_variable_creator = _wrap_creator(orig_v1_creator)
    variables.default_variable_creator_v2 = _wrap_creator(orig_v2_creator)


def _on_alarm(signum, frame):
    if _TIMER_ACTIVE:
        signal.setitimer(signal.ITIMER_REAL, 1.0)  # again, in case the program swallows it
        raise ProgramTimeout()


def init():
    """Import TensorFlow in TF1 mode and install the hooks (idempotent)."""
    global _tf, _v1, _MODE
    if _tf is not None:
        return
    warnings.filterwarnings("ignore")
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    try:
        from tensorflow.python.util import deprecation

        deprecation._PRINT_DEPRECATION_WARNINGS = False
    except Exception:  # pragma: no cover - older/newer layouts
        pass
    tf.compat.v1.disable_v2_behavior()
    _tf, _v1 = tf, tf.compat.v1
    _install_hooks()
    _MODE = _tf_mode()
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        signal.signal(signal.SIGALRM, _on_alarm)


def tf_version() -> str:
    init()
    return _tf.__version__


def needs_restart() -> bool:
    """True when a program left TensorFlow in a state the harness cannot undo."""
    return _NEEDS_RESTART


# ---------------------------------------------------------------------------
# The `tensorflow` seen by the program
# ---------------------------------------------------------------------------


class _ShimModule(types.ModuleType):
    """A module whose missing attributes fail with an explanatory message."""

    _note = ""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        note = f" ({self._note})" if self._note else ""
        raise AttributeError(f"module '{self.__name__}' has no attribute '{name}'{note}")


class _TFShim(types.ModuleType):
    """`import tensorflow as tf` in a TF1-style program: tensorflow.compat.v1.

    Real submodules (`tensorflow.python`, `tensorflow.compat`) stay
    reachable for `import tensorflow.python.ops.variable_scope as vs`.
    """

    def __getattr__(self, name):
        if name == "compat":  # tf.compat.v1 is tensorflow.compat.v1 itself, not v1's own copy
            return _tf.compat
        try:
            return getattr(_v1, name)
        except AttributeError:
            pass
        sub = sys.modules.get("tensorflow." + name)
        if sub is not None:
            return sub
        if name.startswith("__"):
            try:
                return getattr(_tf, name)
            except AttributeError:
                pass
        raise AttributeError(f"module 'tensorflow' has no attribute '{name}'")

    def __dir__(self):
        return sorted(set(dir(_v1)) | set(self.__dict__))


def _copy_public(target, source):
    for name in dir(source):
        if not name.startswith("_"):
            try:
                setattr(target, name, getattr(source, name))
            except AttributeError:
                pass


def _contrib_module():
    """tensorflow.contrib mapped onto tf_slim (semantics notes, section K)."""
    global _CONTRIB
    if _CONTRIB is not None:
        return _CONTRIB
    import tf_slim

    # Not `from tf_slim import layers`: tf_slim's star imports rebind that
    # attribute to the tf_slim.layers.layers submodule.
    slim_layers = importlib.import_module("tf_slim.layers")
    arg_scope = importlib.import_module("tf_slim.ops.arg_scope")
    framework_ops = importlib.import_module("tf_slim.ops.framework_ops")
    slim_variables = importlib.import_module("tf_slim.ops.variables")

    def shim(name):
        mod = _ShimModule(name)
        mod._note = CONTRIB_NOTE
        return mod

    contrib = shim("tensorflow.contrib")
    layers = shim("tensorflow.contrib.layers")
    _copy_public(layers, slim_layers)
    framework = shim("tensorflow.contrib.framework")
    for source in (tf_slim, framework_ops, arg_scope, slim_variables):
        _copy_public(framework, source)
    rnn = shim("tensorflow.contrib.rnn")
    _copy_public(rnn, _v1.nn.rnn_cell)
    for name in ("static_rnn", "static_bidirectional_rnn", "static_state_saving_rnn"):
        setattr(rnn, name, getattr(_v1.nn, name))
    contrib.slim = tf_slim
    contrib.layers = layers
    contrib.framework = framework
    contrib.rnn = rnn
    _CONTRIB = contrib
    return contrib


def _is_real_package(mod) -> bool:
    return not isinstance(mod, _ShimModule) and hasattr(mod, "__path__")


def _resolve_contrib(name: str):
    """The module object for `tensorflow.contrib[.x[.y]]` under --contrib."""
    mod = _contrib_module()
    parts = name.split(".")[2:]
    for i, part in enumerate(parts):
        if _is_real_package(mod):
            mod = importlib.import_module(f"{mod.__name__}.{part}")
            continue
        value = mod.__dict__.get(part)
        if not isinstance(value, types.ModuleType):
            missing = ".".join(["tensorflow", "contrib"] + parts[: i + 1])
            raise ModuleNotFoundError(f"No module named '{missing}' ({CONTRIB_NOTE})", name=missing)
        mod = value
    return mod


def _import_fromlist(mod, fromlist):
    if not _is_real_package(mod):
        return
    for item in fromlist:
        if item != "*" and not hasattr(mod, item):
            try:
                importlib.import_module(f"{mod.__name__}.{item}")
            except ModuleNotFoundError:
                pass


_ENTERED_HOOK = "__scopelint_oracle_entered__"


def _entered(def_line):
    rec = _RECORDER
    if rec is not None:
        rec.entered.add(def_line)


def _compile_program(source: str, filename: str):
    """compile(), with `__scopelint_oracle_entered__(<def line>)` first in each function body.

    The hidden call takes the position of the statement it precedes (after
    a docstring), so tracebacks and frame lines are those of the source.
    """
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or not node.body:
            continue
        body = node.body
        first = body[0]
        docstring = (
            isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
        )
        at = 1 if docstring else 0
        anchor = body[at] if at < len(body) else body[-1]
        call = ast.Expr(ast.Call(ast.Name(_ENTERED_HOOK, ast.Load()), [ast.Constant(node.lineno)], []))
        for n in ast.walk(call):
            ast.copy_location(n, anchor)
            n.end_lineno, n.end_col_offset = anchor.lineno, anchor.col_offset
        body.insert(at, call)
    return compile(tree, filename, "exec", dont_inherit=True)


def _program_builtins(contrib: bool) -> dict:
    shim = _TFShim("tensorflow")
    shim.__file__ = getattr(_tf, "__file__", None)
    if contrib:
        shim.contrib = _contrib_module()
    real_import = builtins.__import__

    def __import__(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and (name == "tensorflow" or name.startswith("tensorflow.")):
            if name == "tensorflow":
                return shim
            if contrib and (name == "tensorflow.contrib" or name.startswith("tensorflow.contrib.")):
                mod = _resolve_contrib(name)
                if fromlist:
                    _import_fromlist(mod, fromlist)
                    return mod
                return shim
            mod = real_import(name, globals, locals, fromlist, level)
            return mod if fromlist else shim
        return real_import(name, globals, locals, fromlist, level)

    table = dict(builtins.__dict__)
    table["__import__"] = __import__
    table[_ENTERED_HOOK] = _entered
    return table


# ---------------------------------------------------------------------------
# Running one program
# ---------------------------------------------------------------------------


class _CappedSink(io.RawIOBase):
    def __init__(self, cap: int):
        self.data = bytearray()
        self.cap = cap
        self.truncated = False

    def writable(self):
        return True

    def write(self, b):
        n = len(b)
        room = self.cap - len(self.data)
        if room > 0:
            self.data += bytes(b[:room])
        if n > room:
            self.truncated = True
        return n


def _fresh_graph():
    from tensorflow.python.framework import ops

    if not ops._default_graph_stack.is_cleared():  # a program left a graph entered
        ops._default_graph_stack.reset()
    ops.reset_default_graph()


def _absl_flags():
    try:
        from absl import flags

        return flags.FLAGS
    except Exception:  # pragma: no cover
        return None


def _api_modules():
    """Modules whose functions and classes programs might monkeypatch."""
    names = (
        "tensorflow",
        "tensorflow.python.ops.variable_scope",
        "tensorflow.python.ops.variables",
        "tensorflow.python.framework.ops",
        "tf_slim",
        "tf_slim.layers.layers",
        "tf_slim.ops.variables",
    )
    mods = [sys.modules[n] for n in names if n in sys.modules]
    wrapped = getattr(_v1, "_tfmw_wrapped_module", None)
    if wrapped is not None:
        mods.append(wrapped)
    return mods


def _api_snapshot():
    """(module dict, name, value) for every function and class of the API modules."""
    out = []
    for mod in _api_modules():
        d = mod.__dict__
        for name, value in list(d.items()):
            if isinstance(value, (types.FunctionType, type)):
                out.append((d, name, value))
    return out


def _save_process_state():
    flags = _absl_flags()
    return {
        "api": _api_snapshot(),
        "cwd": os.getcwd(),
        "argv": list(sys.argv),
        "path": list(sys.path),
        "main": sys.modules.get("__main__"),
        "stdout": sys.stdout,
        "stderr": sys.stderr,
        "stdin": sys.stdin,
        "environ": dict(os.environ),
        "recursionlimit": sys.getrecursionlimit(),
        "warnings": list(warnings.filters),
        "flags": set(flags) if flags is not None else None,
    }


def _restore_process_state(saved):
    global _NEEDS_RESTART
    try:
        os.chdir(saved["cwd"])
    except OSError:
        _NEEDS_RESTART = True
    sys.argv[:] = saved["argv"]
    sys.path[:] = saved["path"]
    if saved["main"] is not None:
        sys.modules["__main__"] = saved["main"]
    sys.stdout, sys.stderr, sys.stdin = saved["stdout"], saved["stderr"], saved["stdin"]
    if dict(os.environ) != saved["environ"]:
        os.environ.clear()
        os.environ.update(saved["environ"])
    sys.setrecursionlimit(saved["recursionlimit"])
    warnings.filters[:] = saved["warnings"]
    flags = _absl_flags()
    if flags is not None and saved["flags"] is not None:
        for name in set(flags) - saved["flags"]:
            try:
                delattr(flags, name)
            except Exception:
                pass
    try:
        _fresh_graph()
    except Exception:
        _NEEDS_RESTART = True
    missing = object()
    if any(d.get(name, missing) is not value for d, name, value in saved["api"]):
        _NEEDS_RESTART = True  # the program monkeypatched TensorFlow: later programs need a clean one
    if hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread():
        if signal.getsignal(signal.SIGALRM) is not _on_alarm:
            signal.signal(signal.SIGALRM, _on_alarm)
    if _tf_mode() != _MODE:
        try:
            _v1.disable_v2_behavior()
        except Exception:
            pass
        if _tf_mode() != _MODE:
            _NEEDS_RESTART = True


def _traceback_lines(tb, filename):
    """(program line chain, origin): origin is "program" when the innermost frame
    (the harness's own shim frames aside) is the program's, else "library"."""
    entries = []
    origin = "library"
    while tb is not None:
        code_file = tb.tb_frame.f_code.co_filename
        if code_file == filename:
            entries.append((tb.tb_lineno, tb.tb_frame.f_code.co_name))
            origin = "program"
        elif not _is_harness_file(code_file):
            origin = "library"
        tb = tb.tb_next
    return _line_chain(entries), origin


def _message(exc) -> str:
    try:
        text = str(exc)
    except Exception as inner:  # a broken __str__
        text = f"<unprintable {type(exc).__name__}: {type(inner).__name__}>"
    # TF quotes the first creation's stack ("Originally defined at:"); the
    # oracle's own hook and runner frames are not part of what TF 1.x printed.
    text = _HARNESS_FRAME_LINE.sub("", text)
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "...[truncated]"


# ---------------------------------------------------------------------------
# Notebooks: code cells run in order in one kernel
# ---------------------------------------------------------------------------

_KERNEL_RUN_CELL_MAGICS = ("time", "capture")
_ASSIGN_SHELL = re.compile(r"^(\s*)([A-Za-z_]\w*)\s*=\s*!")


def kernel_cell(source: str) -> str:
    """A code cell as an IPython kernel runs it, line for line (written apart
    from scopelint's own reading, for the notebooks of the tests): `%time`
    runs its statement, other line magics, shell lines and `?` help do
    nothing, `x = !cmd` binds a list; `%%time`/`%%capture` run the body,
    other cell magics (`%%bash`, `%%html`, `%%writefile`) run no Python."""
    lines = source.replace("\r\n", "\n").split("\n")
    head = next((i for i, line in enumerate(lines) if line.strip()), None)
    if head is not None and lines[head].startswith("%%"):
        name = lines[head][2:].split()[0] if lines[head][2:].split() else ""
        if name not in _KERNEL_RUN_CELL_MAGICS:
            return "\n" * (len(lines) - 1)
        lines[head] = ""
    for i, line in enumerate(lines):
        body = line.lstrip()
        indent = line[: len(line) - len(body)]
        if body.startswith("%time "):
            lines[i] = indent + body[len("%time ") :].lstrip()
        elif body.startswith(("%", "!")) or (body.endswith("?") and not body.startswith("#")):
            lines[i] = indent + "pass"
        elif _ASSIGN_SHELL.match(line):
            m = _ASSIGN_SHELL.match(line)
            lines[i] = f"{m.group(1)}{m.group(2)} = []"
    return "\n".join(lines)


def notebook_segments(cells) -> list:
    """[cell number, first program line, line count] of each code cell, the
    cells written one after the other (a cell's text ends with a newline)."""
    out, line = [], 1
    for number, source in cells:
        text = source if source.endswith("\n") else source + "\n"
        count = text.count("\n")
        out.append([number, line, count])
        line += count
    return out


def run_program(
    source: str,
    *,
    contrib: bool = False,
    repeat: int = 1,
    filename: str = "<program>",
    timeout: float | None = None,
    cells: list | None = None,
    rerun: int | None = None,
    ops: bool = False,
) -> dict:
    """Execute `source` under TensorFlow (TF1 graph mode) and record it (see module doc).

    With `ops`, the result's "ops" lists, per graph the program made or
    found variables in (numbered as "graph"), the (name, type) of every
    operation in creation order when the program ended or raised.

    Notebook mode: `cells` is [[cell number, source], ...] of the code
    cells (`source` is then ignored). They run in order, each compiled on
    its own (as a kernel does) at its lines of the concatenated program
    (`notebook_segments`, in the result as "segments"); the first error
    stops the run (Run All). With `rerun` = k, only cells 0..k run, then
    cell k once more as run 2 (re-executing it in the same kernel).
    """
    global _RECORDER, _TIMER_ACTIVE
    init()
    started = time.perf_counter()
    repeat = max(1, int(repeat))
    segments = None
    if cells is not None:
        cells = [(int(n), kernel_cell(src)) for n, src in cells]
        if rerun is not None:
            cells = cells[: int(rerun) + 1]
        segments = notebook_segments(cells)
        source = "".join(src if src.endswith("\n") else src + "\n" for _n, src in cells)
    rec = _Recorder(filename)
    result = {
        "status": "ok",
        "created": rec.created,
        "reused": rec.reused,
        "error": None,
        "exit": None,
        "printed": "",
        "contrib": bool(contrib),
        "repeat": repeat,
        "tf_version": _tf.__version__,
    }
    saved = _save_process_state()
    sink = _CappedSink(MAX_PRINTED)
    out = io.TextIOWrapper(io.BufferedWriter(sink), encoding="utf-8", errors="backslashreplace", write_through=True)
    workdir = tempfile.mkdtemp(prefix="scopelint-oracle-")
    module = types.ModuleType("__main__")
    ns = module.__dict__
    try:
        _fresh_graph()
        rec.graph_number(_v1.get_default_graph())
        ns["__builtins__"] = _program_builtins(contrib)
        ns["__file__"] = filename
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        if segments is not None:
            result["segments"] = segments
        try:
            if cells is None:
                code = _compile_program(source, filename)
            else:
                # Each cell compiled alone, with the program's line numbers.
                codes = [
                    _compile_program("\n" * (first - 1) + src, filename)
                    for (_n, src), (_c, first, _k) in zip(cells, segments)
                ]
        except (SyntaxError, ValueError) as exc:
            lineno = getattr(exc, "lineno", None)
            result["status"] = "error"
            result["error"] = {
                "type": type(exc).__name__,
                "message": _message(exc),
                "lines": [lineno] if lineno else [],
                "run": 1,
                "origin": "program",
            }
            return result
        timed = bool(timeout) and threading.current_thread() is threading.main_thread()
        try:
            os.chdir(workdir)
            sys.modules["__main__"] = module
            sys.argv[:] = [filename]
            sys.stdout = out
            sys.stdin = io.StringIO()
            _RECORDER = rec
            if timed:
                _TIMER_ACTIVE = True
                signal.setitimer(signal.ITIMER_REAL, float(timeout))
            if cells is not None:
                for code in codes:
                    exec(code, ns)
                if rerun is not None and codes:
                    rec.run = 2
                    exec(codes[-1], ns)
            else:
                for run in range(1, repeat + 1):
                    rec.run = run
                    exec(code, ns)
        except SystemExit as exc:
            lines, _ = _traceback_lines(exc.__traceback__, filename)
            code_ = exc.code if isinstance(exc.code, (int, str, type(None))) else repr(exc.code)
            result["status"] = "exit"
            result["exit"] = {"code": code_, "lines": lines, "run": rec.run}
        except ProgramTimeout as exc:
            lines, _ = _traceback_lines(exc.__traceback__, filename)
            result["status"] = "timeout"
            result["error"] = {
                "type": "Timeout",
                "message": f"the program did not finish within {timeout} s",
                "lines": lines,
                "run": rec.run,
                "origin": "harness",
            }
        except BaseException as exc:  # noqa: B902 - everything the program raises is data
            lines, origin = _traceback_lines(exc.__traceback__, filename)
            result["status"] = "error"
            result["error"] = {
                "type": type(exc).__name__,
                "message": _message(exc),
                "lines": lines,
                "run": rec.run,
                "origin": origin,
            }
        finally:
            if timed:
                _TIMER_ACTIVE = False
                signal.setitimer(signal.ITIMER_REAL, 0)
            _RECORDER = None
            if ops:
                result["ops"] = [
                    [number, [[op.name, op.type] for op in graph.get_operations()]]
                    for number, graph in enumerate(rec._graph_refs)
                ]
        return result
    finally:
        try:
            out.flush()
        except Exception:
            pass
        printed = bytes(sink.data).decode("utf-8", "backslashreplace")
        if sink.truncated:
            printed += "\n...[output truncated]"
        result["printed"] = printed
        result["entered"] = sorted(rec.entered)
        _restore_process_state(saved)
        linecache.cache.pop(filename, None)
        ns.clear()
        shutil.rmtree(workdir, ignore_errors=True)
        result["elapsed"] = round(time.perf_counter() - started, 4)


# ---------------------------------------------------------------------------
# Running a multi-module project
# ---------------------------------------------------------------------------
#
# `run_project(root, entry)` runs `entry` (a path relative to `root`) as
# `__main__` with cwd = root, the entry's directory, root and root/src (when
# it exists) first on sys.path, as `python entry` from the project root would
# (plus the roots a static analysis would use). Every module imported from
# inside the project is loaded by the oracle (hidden `entered` call, the
# program's `tensorflow` shim) and dropped from sys.modules afterwards, so the
# next project gets fresh copies even if it reuses the module names.
#
# The result has run_program's shape. Every location is a chain of project
# frames, outermost first, each ``[relative path, line]`` ("/"-separated):
# ``frames`` in created/reused records, in ``error`` and ``exit``; ``lines``
# holds the same chain's line numbers only (for code that reads lines).
# ``entered`` lists ``[relative path, def line]``; ``modules`` the project
# modules imported, in import order (``[name, relative path]``).


class _ProjectRecorder(_Recorder):
    def __init__(self, root: str):
        super().__init__("<project>")
        self.root = root
        self._rel: dict = {}
        self.entered_frames: set = set()

    def rel(self, filename: str):
        """The "/"-path of `filename` relative to the project root, or None outside it."""
        known = self._rel.get(filename, False)
        if known is False:
            known = None
            if not filename.startswith("<") and not _is_harness_file(filename):
                path = os.path.abspath(filename)
                if path.startswith(self.root + os.sep):
                    known = _norm(os.path.relpath(path, self.root))
            self._rel[filename] = known
        return known

    def where(self, frame):
        program = []
        between = []
        f = frame
        while f is not None:
            rel = self.rel(f.f_code.co_filename)
            if rel is not None:
                program.append(((rel, f.f_lineno), f.f_code.co_name))
            elif _is_harness_file(f.f_code.co_filename) and program:
                # An import passes through the oracle's loader and import shim:
                # the importing line is part of the chain; the runner is not.
                if f.f_code.co_name == "run_project":
                    break
            elif not program:
                between.append(f)
            f = f.f_back
        return _line_chain(reversed(program)), _via(between)

    def _event(self, name, key, frame) -> dict:
        frames, via = self.where(frame)
        event = {
            "name": name,
            "key": key,
            "via": via,
            "frames": [list(f) for f in frames],
            "lines": [line for _, line in frames],
            "graph": self.graph_number(_tf.compat.v1.get_default_graph()),
            "run": self.run,
            "seq": self.seq,
        }
        self.seq += 1
        return event


def _entered_in_project(def_line):
    rec = _RECORDER
    if isinstance(rec, _ProjectRecorder):
        rel = rec.rel(sys._getframe(1).f_code.co_filename)
        if rel is not None:
            rec.entered_frames.add((rel, def_line))


class _ProjectLoader:
    """Loads a project module the way the oracle runs programs; writes no bytecode."""

    def __init__(self, origin: str, table: dict, loaded: list, rec: "_ProjectRecorder"):
        self.origin = origin
        self.table = table
        self.loaded = loaded
        self.rec = rec

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        with open(self.origin, encoding="utf-8") as fh:
            source = fh.read()
        self.loaded.append([module.__name__, self.rec.rel(self.origin)])
        module.__dict__["__builtins__"] = self.table
        exec(_compile_program(source, self.origin), module.__dict__)


class _ProjectFinder:
    """A sys.meta_path finder for modules whose file lies inside the project root."""

    def __init__(self, root: str, table: dict, rec: "_ProjectRecorder"):
        self.root = root
        self.table = table
        self.rec = rec
        self.loaded: list = []

    def find_spec(self, fullname, path=None, target=None):
        import importlib.machinery
        import importlib.util

        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        origin = getattr(spec, "origin", None)
        if spec is None or not origin or not origin.endswith(".py"):
            return spec
        if not os.path.abspath(origin).startswith(self.root + os.sep):
            return spec
        return importlib.util.spec_from_file_location(
            fullname,
            origin,
            loader=_ProjectLoader(origin, self.table, self.loaded, self.rec),
            submodule_search_locations=spec.submodule_search_locations,
        )


def _project_top_names(dirs) -> set:
    """Top-level module names the project's sys.path entries provide."""
    names = set()
    for d in dirs:
        try:
            entries = os.listdir(d)
        except OSError:
            continue
        for entry in entries:
            full = os.path.join(d, entry)
            if entry.endswith(".py"):
                names.add(entry[:-3])
            elif os.path.isdir(full) and entry.isidentifier():
                names.add(entry)
    return names


def _project_frames(tb, rec: "_ProjectRecorder"):
    """(project frame chain, origin) of a traceback; origin as in _traceback_lines."""
    entries = []
    origin = "library"
    while tb is not None:
        code_file = tb.tb_frame.f_code.co_filename
        rel = rec.rel(code_file)
        if rel is not None:
            entries.append(((rel, tb.tb_lineno), tb.tb_frame.f_code.co_name))
            origin = "program"
        elif not _is_harness_file(code_file):
            origin = "library"
        tb = tb.tb_next
    return [list(f) for f in _line_chain(entries)], origin


def run_project(
    root: str,
    entry: str,
    *,
    contrib: bool = False,
    paths=(),
    timeout: float | None = None,
) -> dict:
    """Run the project's `entry` script under TensorFlow and record it (see the section comment).

    `paths`: extra import roots, relative to `root`, put on sys.path after
    the default ones.
    """
    global _RECORDER, _TIMER_ACTIVE
    init()
    started = time.perf_counter()
    root = os.path.realpath(root)
    entry_path = os.path.join(root, entry)
    rec = _ProjectRecorder(root)
    result = {
        "status": "ok",
        "created": rec.created,
        "reused": rec.reused,
        "error": None,
        "exit": None,
        "printed": "",
        "contrib": bool(contrib),
        "repeat": 1,
        "tf_version": _tf.__version__,
        "project": root,
        "entry": _norm(entry),
        "modules": [],
    }

    def failure(exc, origin="program"):
        lineno = getattr(exc, "lineno", None)
        filename = getattr(exc, "filename", None) or entry_path
        rel = rec.rel(filename) or _norm(entry)
        frames = [[rel, lineno]] if lineno else []
        return {
            "type": type(exc).__name__,
            "message": _message(exc),
            "frames": frames,
            "lines": [f[1] for f in frames],
            "run": 1,
            "origin": origin,
        }

    search = [os.path.dirname(entry_path), root]
    if os.path.isdir(os.path.join(root, "src")):
        search.append(os.path.join(root, "src"))
    search += [os.path.join(root, p) for p in paths]
    search = list(dict.fromkeys(os.path.normpath(p) for p in search))

    saved = _save_process_state()
    meta_path = list(sys.meta_path)
    # Modules already imported under a name the project provides (`config`,
    # `model`...) would shadow the project's own: set aside, put back after.
    shadowed = {}
    for name in _project_top_names(search):
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            shadowed[key] = sys.modules.pop(key)
    sink = _CappedSink(MAX_PRINTED)
    out = io.TextIOWrapper(io.BufferedWriter(sink), encoding="utf-8", errors="backslashreplace", write_through=True)
    module = types.ModuleType("__main__")
    ns = module.__dict__
    table = _program_builtins(contrib)
    table[_ENTERED_HOOK] = _entered_in_project
    finder = _ProjectFinder(root, table, rec)
    try:
        _fresh_graph()
        rec.graph_number(_v1.get_default_graph())
        ns["__builtins__"] = table
        ns["__file__"] = entry_path
        try:
            with open(entry_path, encoding="utf-8") as fh:
                source = fh.read()
            code = _compile_program(source, entry_path)
        except (OSError, SyntaxError, ValueError) as exc:
            result["status"] = "error"
            result["error"] = failure(exc)
            return result
        timed = bool(timeout) and threading.current_thread() is threading.main_thread()
        try:
            os.chdir(root)
            sys.path[:0] = search
            sys.meta_path.insert(0, finder)
            importlib.invalidate_caches()
            sys.modules["__main__"] = module
            sys.argv[:] = [_norm(entry)]
            sys.stdout = out
            sys.stdin = io.StringIO()
            _RECORDER = rec
            if timed:
                _TIMER_ACTIVE = True
                signal.setitimer(signal.ITIMER_REAL, float(timeout))
            exec(code, ns)
        except SystemExit as exc:
            frames, _ = _project_frames(exc.__traceback__, rec)
            code_ = exc.code if isinstance(exc.code, (int, str, type(None))) else repr(exc.code)
            result["status"] = "exit"
            result["exit"] = {"code": code_, "frames": frames, "lines": [f[1] for f in frames], "run": 1}
        except ProgramTimeout as exc:
            frames, _ = _project_frames(exc.__traceback__, rec)
            result["status"] = "timeout"
            result["error"] = {
                "type": "Timeout",
                "message": f"the program did not finish within {timeout} s",
                "frames": frames,
                "lines": [f[1] for f in frames],
                "run": 1,
                "origin": "harness",
            }
        except BaseException as exc:  # noqa: B902 - everything the program raises is data
            frames, origin = _project_frames(exc.__traceback__, rec)
            if isinstance(exc, SyntaxError) and exc.filename and exc.lineno and rec.rel(exc.filename):
                # an imported project module that does not compile: its line ends the chain
                frames.append([rec.rel(exc.filename), exc.lineno])
                origin = "program"
            result["status"] = "error"
            result["error"] = {
                "type": type(exc).__name__,
                "message": _message(exc),
                "frames": frames,
                "lines": [f[1] for f in frames],
                "run": 1,
                "origin": origin,
            }
        finally:
            if timed:
                _TIMER_ACTIVE = False
                signal.setitimer(signal.ITIMER_REAL, 0)
            _RECORDER = None
        return result
    finally:
        try:
            out.flush()
        except Exception:
            pass
        printed = bytes(sink.data).decode("utf-8", "backslashreplace")
        if sink.truncated:
            printed += "\n...[output truncated]"
        result["printed"] = printed
        result["entered"] = sorted([list(e) for e in rec.entered_frames])
        result["modules"] = finder.loaded
        sys.meta_path[:] = meta_path
        for key in [k for k, m in sys.modules.items() if rec.rel(getattr(m, "__file__", None) or "<>")]:
            del sys.modules[key]
        for name in _project_top_names(search):  # namespace packages have no __file__
            for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
                if key not in shadowed:
                    del sys.modules[key]
        sys.modules.update(shadowed)
        _restore_process_state(saved)
        ns.clear()
        result["elapsed"] = round(time.perf_counter() - started, 4)
