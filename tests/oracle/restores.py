"""Run a project's scripts under real TensorFlow and record every restore.

    python tests/oracle/restores.py OUT.json PROJECT_DIR=SCRIPT,SCRIPT ...

Run by tests/test_restore_oracle.py in a subprocess, each PROJECT_DIR a
temporary copy of a project (the scripts' relative checkpoint paths land
there). Each script runs as its own program (`runpy.run_path`, cwd and
sys.path[0] = PROJECT_DIR, its project modules imported afresh), one after
the other, in one process: TF's default graph is reset between them. For every `Saver.restore` and
`init_from_checkpoint`, OUT.json records where it was called (the innermost
frame in the project), and, for a Saver, every key of its var_list (taken
when the Saver was built, as TF does) that `tf.train.list_variables` does
not list, and every key whose shape or dtype differs; for `init_from_checkpoint`,
the error TF raised. Then the restore runs as usual.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import tensorflow as tf  # noqa: E402
from tensorflow.python.ops import variables as tf_variables  # noqa: E402
from tensorflow.python.training.saving import saveable_object_util  # noqa: E402

tf1 = tf.compat.v1
RECORDS: list = []
PROJECT = ""
SCRIPT = ""


def _site() -> list:
    """[path relative to the project, line] of the innermost project frame."""
    for frame in reversed(traceback.extract_stack()[:-2]):
        path = os.path.realpath(frame.filename)
        if path.startswith(PROJECT + os.sep):
            return [os.path.relpath(path, PROJECT).replace(os.sep, "/"), frame.lineno]
    return ["?", 0]


def _shape(value) -> list:
    try:
        return [int(d) for d in value.shape.as_list()]
    except Exception:  # a list of partitions, a saveable object
        return []


_saver_init = tf1.train.Saver.__init__
_saver_restore = tf1.train.Saver.restore
_init_from_checkpoint = tf1.train.init_from_checkpoint


def _init(self, var_list=None, *args, **kwargs):
    _saver_init(self, var_list, *args, **kwargs)
    chosen = var_list if var_list is not None else tf_variables._all_saveable_objects()
    names = dict(chosen) if isinstance(chosen, dict) else saveable_object_util.op_list_to_dict(chosen)
    self._oracle_keys = {name: _shape(v) for name, v in names.items()}
    self._oracle_dtypes = {name: _dtype(v) for name, v in names.items()}


def _dtype(value):
    try:
        return value.dtype.base_dtype.name
    except Exception:  # a list of partitions, a saveable object
        return None


def _restore(self, sess, save_path):
    record = {"script": SCRIPT, "site": _site(), "api": "restore", "path": save_path}
    try:
        held = dict(tf.train.list_variables(save_path))
    except Exception as exc:
        record["unreadable"] = f"{type(exc).__name__}: {exc}"[:300]
        held = None
    if held is not None:
        keys = getattr(self, "_oracle_keys", {})
        record["needed"] = sorted(keys)
        record["missing"] = sorted(k for k in keys if k not in held)
        record["shapes"] = sorted(
            [k, keys[k], list(held[k])] for k in keys if k in held and keys[k] and list(held[k]) != keys[k]
        )
        mine = getattr(self, "_oracle_dtypes", {})
        theirs = {k: v.name for k, v in tf.train.load_checkpoint(save_path).get_variable_to_dtype_map().items()}
        record["dtypes"] = sorted(
            [k, mine[k], theirs[k]] for k in keys if k in theirs and mine.get(k) not in (None, theirs[k])
        )
    RECORDS.append(record)
    try:
        return _saver_restore(self, sess, save_path)
    except Exception as exc:
        record["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"[:300]
        raise


def _init_from(ckpt_dir_or_file, assignment_map):
    record = {"script": SCRIPT, "site": _site(), "api": "init_from_checkpoint", "path": ckpt_dir_or_file}
    RECORDS.append(record)
    try:
        return _init_from_checkpoint(ckpt_dir_or_file, assignment_map)
    except Exception as exc:
        record["error"] = f"{type(exc).__name__}: {str(exc)}"[:300]
        raise


tf1.train.Saver.__init__ = _init
tf1.train.Saver.restore = _restore
tf1.train.init_from_checkpoint = _init_from
tf.train.init_from_checkpoint = _init_from


def run_project(project: str, scripts: list) -> dict:
    global PROJECT, SCRIPT
    PROJECT = os.path.realpath(project)
    RECORDS.clear()
    os.chdir(PROJECT)
    sys.path.insert(0, PROJECT)
    results = {}
    for script in scripts:
        SCRIPT = script
        tf1.reset_default_graph()
        _forget_modules()  # each script is its own program
        try:
            runpy.run_path(os.path.join(PROJECT, script), run_name="__main__")
            results[script] = None
        except BaseException as exc:  # the program's own error is data
            results[script] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
    _forget_modules()
    sys.path.remove(PROJECT)
    return {"restores": list(RECORDS), "scripts": results}


def _forget_modules() -> None:
    for name in [
        m for m, mod in sys.modules.items() if (getattr(mod, "__file__", None) or "").startswith(PROJECT + os.sep)
    ]:
        del sys.modules[name]


def main() -> int:
    out, projects = sys.argv[1], sys.argv[2:]
    found = {}
    for spec in projects:
        project, scripts = spec.rsplit("=", 1)
        found[project] = run_project(project, scripts.split(","))
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(found, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
