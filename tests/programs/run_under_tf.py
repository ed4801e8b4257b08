#!/usr/bin/env python
"""Run every corpus program under real TensorFlow (TF1 mode) and check its header.

Standalone checker for the program corpus (tests/programs/correct,
tests/programs/buggy, examples/). It does not use tests/oracle.

Each program runs in one process, in a fresh default graph, with
`import tensorflow as tf` mapped to `tensorflow.compat.v1` (and, for files whose
first line is `# oracle: contrib`, `tensorflow.contrib.slim` / `.layers` /
`.framework` / `.rnn` mapped onto tf_slim and tf.nn.rnn_cell). The mapping is
done by a private `__import__` given to the program only, so TensorFlow's own
imports are untouched.

Checks (header keys are described in tests/programs/README.md):

* correct/: the program raises nothing; it has no `expect:` / `tf:` lines.
* buggy/: `bug:` and at least one `expect:`; either a `tf:` line, and the
  program raises exactly that exception type, with a message starting with
  that text, at that line chain (program frames of the traceback, outer to
  inner); or it raises nothing. Every `tf-name:` claim holds: a variable of
  that name was created (tf.Variable or get_variable) or returned by
  get_variable at that line (chain). Each 1xx `expect:` line lies on the
  `tf:` chain; each 2xx `expect:` line lies on a `tf-name:` chain.
* examples/: as buggy/ for `tf:` / `tf-name:` / `expect:` (all optional), plus
  `names:`: the exact list, in creation order, of the variables the program
  creates (in every graph it builds), each `name@line` (line = innermost
  program line of the creating call, or a full chain `outer>inner`).

Usage:
  TF_USE_LEGACY_KERAS=1 python tests/programs/run_under_tf.py [-v] [paths...]

With no paths it checks examples/ and tests/programs/{correct,buggy}/.
Exit status is 0 when every program agrees with TensorFlow, 1 otherwise.
"""

from __future__ import annotations

import argparse
import builtins
import contextlib
import io
import os
import re
import sys
import time
import types
import warnings

os.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf.layers / rnn_cell come from tf_keras
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DIRS = [
    os.path.join(REPO, "examples"),
    os.path.join(HERE, "correct"),
    os.path.join(HERE, "buggy"),
]

CODE_RE = re.compile(r"^SCO\d{3}$")


# --------------------------------------------------------------------------
# Header parsing
# --------------------------------------------------------------------------


class Header:
    def __init__(self):
        self.contrib = False
        self.bug = None
        self.expects = []  # [(code, line)]
        self.tf = None  # (exc_type, [lines], message)
        self.tf_names = []  # [(name, [lines])]
        self.names = None  # None, or [(name, [lines])]
        self.comment_lines = 0
        self.problems = []


def parse_chain(text):
    return [int(p) for p in text.split(">")]


def parse_header(source):
    h = Header()
    names_seen = False
    names = []
    for lineno, raw in enumerate(source.splitlines(), 1):
        line = raw.strip()
        if not line.startswith("#"):
            break
        h.comment_lines = lineno
        body = line[1:].strip()
        key, sep, value = body.partition(":")
        if not sep:
            continue
        key = key.strip()
        value = value.strip()
        if key == "oracle":
            if value == "contrib":
                h.contrib = True
            else:
                h.problems.append(f"unknown oracle mode {value!r}")
        elif key == "bug":
            h.bug = value
        elif key == "expect":
            m = re.fullmatch(r"(SCO\d{3})@(\d+)", value)
            if not m:
                h.problems.append(f"bad expect line {value!r}")
            else:
                h.expects.append((m.group(1), int(m.group(2))))
        elif key == "tf":
            m = re.fullmatch(r"(\w+)@([\d>]+):\s*(.+)", value)
            if not m:
                h.problems.append(f"bad tf line {value!r}")
            elif h.tf is not None:
                h.problems.append("more than one tf: line")
            else:
                h.tf = (m.group(1), parse_chain(m.group(2)), m.group(3))
        elif key == "tf-name":
            m = re.fullmatch(r"(\S+)@([\d>]+)", value)
            if not m:
                h.problems.append(f"bad tf-name line {value!r}")
            else:
                h.tf_names.append((m.group(1), parse_chain(m.group(2))))
        elif key == "names":
            names_seen = True
            if value in ("", "(none)", "none"):
                continue
            for item in value.split():
                m = re.fullmatch(r"(\S+)@([\d>]+)", item)
                if not m:
                    h.problems.append(f"bad names entry {item!r}")
                else:
                    names.append((m.group(1), parse_chain(m.group(2))))
    if names_seen:
        h.names = names
    return h


# --------------------------------------------------------------------------
# TensorFlow setup and the import shim
# --------------------------------------------------------------------------

warnings.filterwarnings("ignore")
import logging  # noqa: E402

logging.getLogger("tensorflow").setLevel(logging.ERROR)

import tensorflow  # noqa: E402
import tensorflow.compat.v1 as tf1  # noqa: E402

tf1.disable_v2_behavior()
tf1.logging.set_verbosity(tf1.logging.ERROR)
try:
    import absl.logging

    absl.logging.set_verbosity(absl.logging.ERROR)
except Exception:  # pragma: no cover
    pass

from tensorflow.python.framework import ops as _ops  # noqa: E402
from tensorflow.python.ops import variable_scope as _vs  # noqa: E402

_ = tf1.layers.dense  # import tf_keras' legacy layers now, outside any program
_ = tf1.nn.rnn_cell.BasicLSTMCell


class _TFShim(types.ModuleType):
    """`tensorflow` as TF 1.x code sees it: tensorflow.compat.v1 (+ contrib)."""

    def __getattr__(self, name):
        try:
            return getattr(tf1, name)
        except AttributeError:
            if name.startswith("__"):
                return getattr(tensorflow, name)
            raise AttributeError(f"module 'tensorflow' has no attribute '{name}'") from None


def _build_contrib():
    import tf_slim

    contrib = types.ModuleType("tensorflow.contrib")
    layers = types.ModuleType("tensorflow.contrib.layers")
    # the package tf_slim.layers star-imports layers, initializers, regularizers...
    # (the attribute tf_slim.layers is shadowed by the module tf_slim.layers.layers)
    for mod in (sys.modules["tf_slim.layers"],):
        for k in dir(mod):
            if not k.startswith("_"):
                setattr(layers, k, getattr(mod, k))
    framework = types.ModuleType("tensorflow.contrib.framework")
    for mod in (tf_slim.ops, tf_slim):
        for k in dir(mod):
            if not k.startswith("_"):
                setattr(framework, k, getattr(mod, k))
    rnn = types.ModuleType("tensorflow.contrib.rnn")
    for k in dir(tf1.nn.rnn_cell):
        if not k.startswith("_"):
            setattr(rnn, k, getattr(tf1.nn.rnn_cell, k))
    rnn.static_rnn = tf1.nn.static_rnn
    rnn.static_bidirectional_rnn = tf1.nn.static_bidirectional_rnn
    contrib.slim = tf_slim
    contrib.layers = layers
    contrib.framework = framework
    contrib.rnn = rnn
    mods = {
        "tensorflow.contrib": contrib,
        "tensorflow.contrib.slim": tf_slim,
        "tensorflow.contrib.layers": layers,
        "tensorflow.contrib.framework": framework,
        "tensorflow.contrib.rnn": rnn,
    }
    return contrib, mods


def make_shim(contrib):
    shim = _TFShim("tensorflow")
    shim.compat = tensorflow.compat
    shim.python = sys.modules["tensorflow.python"]
    submods = {}
    if contrib:
        shim.contrib, submods = _build_contrib()
    real_import = builtins.__import__

    def shim_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and (name == "tensorflow" or name.startswith("tensorflow.")):
            if name == "tensorflow":
                return shim
            if name in submods:
                return submods[name] if fromlist else shim
            if name.startswith("tensorflow.contrib"):
                raise ModuleNotFoundError("No module named 'tensorflow.contrib'", name="tensorflow.contrib")
            if not fromlist:
                real_import(name, globals, locals, fromlist, level)  # load submodule
                return shim
        return real_import(name, globals, locals, fromlist, level)

    b = dict(vars(builtins))
    b["__import__"] = shim_import
    return b


# --------------------------------------------------------------------------
# Recording what the program does
# --------------------------------------------------------------------------

VARIABLE_OP_TYPES = {"VariableV2", "VarHandleOp", "Variable"}


class Recorder:
    """Graphs built during one run, and get_variable returns (with call chains)."""

    def __init__(self, path):
        self.path = path
        self.graphs = []
        self.returns = []  # (name, chain, created?)

    def chain_from_frames(self, frames):
        return [lineno for (fname, lineno) in frames if fname == self.path]

    def current_chain(self):
        out = []
        f = sys._getframe(1)
        while f is not None:
            if f.f_code.co_filename == self.path:
                out.append(f.f_lineno)
            f = f.f_back
        return out[::-1]

    def created(self):
        """[(name, chain, graph_index)] for every variable op, in creation order."""
        out = []
        for gi, g in enumerate(self.graphs):
            for op in g.get_operations():
                if op.type in VARIABLE_OP_TYPES:
                    frames = [(fr.filename, fr.lineno) for fr in op.traceback]
                    out.append((op.name + ":0", self.chain_from_frames(frames), gi))
        return out


_RECORDER = None
_orig_graph_init = _ops.Graph.__init__
_orig_store_get_variable = _vs._VariableStore.get_variable


def _graph_init(self, *a, **k):
    _orig_graph_init(self, *a, **k)
    if _RECORDER is not None and type(self) is _ops.Graph:
        _RECORDER.graphs.append(self)


def _store_get_variable(self, name, *a, **k):
    before = set(id(v) for v in self._vars.values()) if _RECORDER else None
    result = _orig_store_get_variable(self, name, *a, **k)
    if _RECORDER is not None:
        vname = getattr(result, "name", name)
        _RECORDER.returns.append((vname, _RECORDER.current_chain(), id(result) not in before))
    return result


_ops.Graph.__init__ = _graph_init
_vs._VariableStore.get_variable = _store_get_variable


# --------------------------------------------------------------------------
# Running and checking one program
# --------------------------------------------------------------------------


def chain_str(chain):
    return ">".join(str(x) for x in chain) if chain else "?"


def chain_matches(spec, chain):
    if not chain:
        return False
    if len(spec) == 1:
        return chain[-1] == spec[0]
    return list(spec) == list(chain)


def first_sentence(msg):
    return msg.split(". ")[0] + ("." if ". " in msg else "")


class Result:
    def __init__(self, path):
        self.path = path
        self.errors = []
        self.exc = None  # (type name, chain, message)
        self.stdout = ""
        self.created = []
        self.seconds = 0.0


def run_program(path):
    global _RECORDER
    path = os.path.abspath(path)
    res = Result(path)
    with open(path, encoding="utf-8") as fh:
        source = fh.read()
    header = parse_header(source)
    kind = os.path.basename(os.path.dirname(path))
    res.errors.extend(header.problems)

    rec = Recorder(path)
    _RECORDER = rec
    tf1.reset_default_graph()  # a fresh graph (recorded as graph 0)
    glb = {
        "__name__": "__main__",
        "__file__": path,
        "__builtins__": make_shim(header.contrib),
    }
    out = io.StringIO()
    t0 = time.time()
    try:
        code = compile(source, path, "exec")
        with contextlib.redirect_stdout(out):
            exec(code, glb)
    except BaseException as e:  # noqa: BLE001
        if isinstance(e, KeyboardInterrupt):
            raise
        chain = []
        tb = e.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == path:
                chain.append(tb.tb_lineno)
            tb = tb.tb_next
        res.exc = (type(e).__name__, chain, str(e))
    finally:
        _RECORDER = None
        res.seconds = time.time() - t0
        res.stdout = out.getvalue()
    res.created = rec.created()
    # close sessions / drop graph references
    glb.clear()

    # ---- checks ----------------------------------------------------------
    err = res.errors.append
    if header.comment_lines == 0:
        err("no header comment at the top of the file")

    if kind == "correct":
        if res.exc:
            err(f"correct program raised {res.exc[0]}@{chain_str(res.exc[1])}: {first_sentence(res.exc[2])}")
        if header.expects or header.tf or header.tf_names:
            err("correct program has expect:/tf:/tf-name: lines")
    else:
        if kind == "buggy":
            if not header.bug:
                err("buggy program without a '# bug:' line")
            if not header.expects:
                err("buggy program without an '# expect:' line")
            if not header.tf and not header.tf_names:
                err("buggy program needs a '# tf:' or '# tf-name:' line")
        # exception
        if header.tf:
            etype, echain, emsg = header.tf
            if not res.exc:
                err(f"expected {etype}@{chain_str(echain)} but the program ran cleanly")
            else:
                gtype, gchain, gmsg = res.exc
                if gtype != etype:
                    err(f"expected {etype}, TF raised {gtype}: {first_sentence(gmsg)}")
                if gchain != echain:
                    err(f"expected the error at {chain_str(echain)}, TF raised at {chain_str(gchain)}")
                if not gmsg.startswith(emsg):
                    err(f"message mismatch:\n      header: {emsg}\n      TF:     {first_sentence(gmsg)}")
        elif res.exc:
            err(f"unexpected {res.exc[0]}@{chain_str(res.exc[1])}: {first_sentence(res.exc[2])}")
        # tf-name claims
        events = [(n, c) for (n, c, _g) in res.created] + [(n, c) for (n, c, _x) in rec.returns]
        for name, spec in header.tf_names:
            if not any(n == name and chain_matches(spec, c) for (n, c) in events):
                seen = sorted({f"{n}@{chain_str(c)}" for (n, c) in events if n == name})
                err(f"tf-name {name}@{chain_str(spec)} not observed" + (f" (seen: {', '.join(seen)})" if seen else " (no such variable)"))
        # names list
        if kind == "examples" and header.names is None:
            err("example without a '# names:' line")
        if header.names is not None:
            got = [(n, c) for (n, c, _g) in res.created]
            ok = len(got) == len(header.names) and all(
                gn == hn and chain_matches(hs, gc) for (gn, gc), (hn, hs) in zip(got, header.names)
            )
            if not ok:
                err(
                    "names mismatch:\n      header: "
                    + " ".join(f"{n}@{chain_str(s)}" for n, s in header.names)
                    + "\n      TF:     "
                    + " ".join(f"{n}@{chain_str(c)}" for n, c in got)
                )
        # expect lines must sit on the reported chains
        for code, line in header.expects:
            if code.startswith("SCO1"):
                if not header.tf:
                    err(f"{code}@{line}: a 1xx expectation needs a tf: line")
                elif line not in header.tf[1]:
                    err(f"{code}@{line} is not on the tf: chain {chain_str(header.tf[1])}")
            elif code == "SCO203":
                # reported on the `variable_scope(..., reuse=False)` line; the
                # tf-name claim names the variable that is silently reused.
                text = source.splitlines()[line - 1] if 0 < line <= len(source.splitlines()) else ""
                if "reuse=False" not in text.replace(" ", ""):
                    err(f"{code}@{line}: that line does not pass reuse=False")
                reused = [(n, c) for (n, c, created) in rec.returns if not created]
                if not any(any(n == name and chain_matches(spec, c) for (n, c) in reused)
                           for name, spec in header.tf_names):
                    err(f"{code}@{line}: no tf-name: claim names a variable that get_variable reused")
            elif code.startswith("SCO2"):
                if not any(line in s for (_n, s) in header.tf_names):
                    err(f"{code}@{line} has no tf-name: claim on that line")
    return res, header


def collect(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for fn in sorted(os.listdir(p)):
                if fn.endswith(".py"):
                    files.append(os.path.join(p, fn))
        else:
            files.append(p)
    return files


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="programs or directories (default: the whole corpus)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each program's outcome, names and output")
    args = ap.parse_args(argv)
    files = collect(args.paths or DEFAULT_DIRS)
    counts = {}
    bad = []
    t0 = time.time()
    for f in files:
        res, header = run_program(f)
        kind = os.path.basename(os.path.dirname(os.path.abspath(f)))
        c = counts.setdefault(kind, [0, 0])
        c[0] += 1
        rel = os.path.relpath(f, REPO)
        status = "ok" if not res.errors else "MISMATCH"
        if res.errors:
            bad.append(rel)
        else:
            c[1] += 1
        if args.verbose or res.errors:
            outcome = (
                f"{res.exc[0]}@{chain_str(res.exc[1])}: {first_sentence(res.exc[2])}" if res.exc else "no error"
            )
            print(f"[{status}] {rel} ({res.seconds:.1f}s): {outcome}")
            for e in res.errors:
                print(f"    - {e}")
            if args.verbose:
                print("    created: " + " ".join(f"{n}@{chain_str(c)}" for n, c, _g in res.created))
                if res.stdout.strip():
                    print("    stdout: " + res.stdout.strip().replace("\n", "\n            "))
    print()
    print("summary (%.0fs):" % (time.time() - t0))
    for kind in sorted(counts):
        total, ok = counts[kind]
        print(f"  {kind:10s} {ok:3d}/{total:<3d} agree with TensorFlow")
    if bad:
        print(f"  {len(bad)} mismatch(es): " + ", ".join(bad))
        return 1
    print("  all programs agree with TensorFlow")
    return 0


if __name__ == "__main__":
    sys.exit(main())
