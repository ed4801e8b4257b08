"""The oracle worker: imports TensorFlow once, then runs programs on request.

Run as ``python tests/oracle/worker.py`` (or ``python -m tests.oracle.worker``).
Protocol, one JSON document per line:

* first, the worker writes ``{"ready": true, "tf_version": ..., "pid": ...}``
  (or ``{"ready": false, "error": ...}`` and exits when TensorFlow cannot be
  imported);
* then for each request line ``{"id": n, "source": str, "contrib": bool,
  "repeat": int, "filename": str, "timeout": float}`` (notebook mode: also
  ``"cells"``, ``"rerun"``) it writes the
  `harness.run_program` result plus ``"id"``; a request with ``"project"``
  (the project root), ``"entry"`` (the entry script, relative to it) and
  optionally ``"paths"`` gets the `harness.run_project` result instead. A failure of the harness itself
  is reported as ``{"status": "crash", "error": {...}}``.

The protocol uses private duplicates of the original stdin/stdout. File
descriptor 1 is pointed at stderr and fd 0 at /dev/null, so nothing a program
(or TensorFlow's C++ code) prints or reads can corrupt the protocol. The
worker exits after answering when a program left TensorFlow in a state the
harness cannot undo; the client then starts a new one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import traceback


def _load_harness():
    """Load harness.py next to this file by path (no dependency on `tests` being importable)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "harness.py")
    spec = importlib.util.spec_from_file_location("scopelint_oracle_harness", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _private_streams():
    proto_in = os.fdopen(os.dup(0), "r", encoding="utf-8", newline="\n")
    proto_out = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull, encoding="utf-8")
    sys.stdout = sys.stderr
    return proto_in, proto_out


def _send(stream, message: dict) -> None:
    stream.write(json.dumps(message, default=repr) + "\n")
    stream.flush()


def main() -> int:
    proto_in, proto_out = _private_streams()
    try:
        harness = _load_harness()
        harness.init()
    except BaseException as exc:  # TensorFlow missing or broken
        _send(proto_out, {"ready": False, "error": f"{type(exc).__name__}: {exc}",
                          "traceback": traceback.format_exc()})
        return 1
    _send(proto_out, {"ready": True, "tf_version": harness.tf_version(), "pid": os.getpid(),
                      "python": sys.version.split()[0]})
    for line in proto_in:
        if not line.strip():
            continue
        request_id = None
        try:
            request = json.loads(line)
            request_id = request.get("id")
            if request.get("project"):
                result = harness.run_project(
                    request["project"],
                    request["entry"],
                    contrib=bool(request.get("contrib", False)),
                    paths=request.get("paths") or (),
                    timeout=request.get("timeout"),
                )
            else:
                result = harness.run_program(
                    request["source"],
                    contrib=bool(request.get("contrib", False)),
                    repeat=int(request.get("repeat", 1)),
                    filename=request.get("filename") or "<program>",
                    timeout=request.get("timeout"),
                    cells=request.get("cells"),
                    rerun=request.get("rerun"),
                    ops=bool(request.get("ops", False)),
                )
        except BaseException as exc:  # a bug in the harness, or a timer firing outside the program
            result = {
                "status": "crash",
                "created": [],
                "reused": [],
                "error": {"type": type(exc).__name__, "message": f"oracle harness failure: {exc}",
                          "lines": [], "run": 1, "origin": "harness"},
                "exit": None,
                "printed": "",
                "traceback": traceback.format_exc(),
            }
        result["id"] = request_id
        restart = harness.needs_restart()
        if restart:
            result["restart"] = True  # tells the client this worker is about to exit
        _send(proto_out, result)
        if restart:
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
