"""Checkpoints: `tf.train.Saver` (training/saver.py), its `save` and
`restore`, `latest_checkpoint` / `get_checkpoint_state` (checkpoint_management.py),
`init_from_checkpoint` (checkpoint_utils.py), the restore maps of
`ExponentialMovingAverage.variables_to_restore` and slim's
`get_variables_to_restore`, and `tf.global_variables()`.

A Saver's keys are fixed when it is built: its `var_list` (a list: each
variable's op name; a dict: the dict's keys), by default every global
variable of the graph then. `save` writes them to a prefix (`path-N` with
`global_step=N`) and names it in its directory's `checkpoint` file;
`restore` and `init_from_checkpoint` emit a RESTORE event with the keys they
need and, when this program wrote that checkpoint before, the keys written.
What is unknown (a key set, a path, whether a save ran) stays unknown:
rules never link such a restore to a save.
"""

from __future__ import annotations

import os
import re
from typing import Any, Optional

from scopelint.engine.dispatch import REGISTRY, bind
from scopelint.engine.events import CheckpointPath, KeyInfo, KeySet, Kind, Restore, Save, emit
from scopelint.engine.library.scopes import name_stack
from scopelint.engine.library.training import EMA, global_list, is_global_collection
from scopelint.engine.model import Graph, VarRecord
from scopelint.engine.objects import DictVal, GraphObj, LibraryObject, ListVal, VarObj
from scopelint.engine.protocol import Interp
from scopelint.engine.values import JDict, Unknown, is_text, render, sym

SAVER = "saver"
LATEST = "checkpoint_path"  # latest_checkpoint(dir): the prefix a directory names
STATE = "checkpoint_state"  # get_checkpoint_state(dir)

# ---------------------------------------------------------------- os.path


def _join(args: list, kwargs: dict) -> Any:
    if kwargs or not args or not all(isinstance(a, str) for a in args):
        return NotImplemented
    return os.path.join(*args)


def _dirname(args: list, kwargs: dict) -> Any:
    return os.path.dirname(args[0]) if len(args) == 1 and not kwargs and isinstance(args[0], str) else NotImplemented


REGISTRY.python_functions.update({"os.path.join": _join, "os.path.dirname": _dirname})

# ---------------------------------------------------------------- sessions

SESSION = "session"


@REGISTRY.api("Session", "InteractiveSession", value_only=True)
def _session(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    """A session runs the graph; it makes no variable (unlike an unknown call)."""
    a = bind(args, kwargs, ["target", "graph", "config"])
    return LibraryObject(SESSION, {"graph": a.get("graph")}, node)


def _enter_session(interp: Interp, sess: LibraryObject, node: Any) -> tuple:
    """`with tf.Session(graph=g):` makes g the default graph inside."""
    graph = sess.config["graph"]
    if graph is None:
        return sess, lambda: None
    interp.push_graph(graph.graph if isinstance(graph, GraphObj) else Graph(unknown_context=True))
    return sess, interp.pop_graph


REGISTRY.kind(SESSION).methods.update(
    {name: (lambda interp, sess, args, kwargs, node: Unknown()) for name in ("run", "close", "partial_run")}
)
REGISTRY.kind(SESSION).enter = _enter_session


# ---------------------------------------------------------------- key sets


def key_info(g: Graph, var: VarObj) -> KeyInfo:
    """A variable's name, shape (from the store when it knows it) and slot flag."""
    shape = var.shape if isinstance(var.shape, tuple) and all(isinstance(d, int) for d in var.shape) else None
    if isinstance(var.name, str):
        rec = g.store.get(var.name)
        if rec is None:
            rec = g.store.get(var.name + "/")  # a slot: get_variable("") in its scope
        if isinstance(rec, VarRecord) and rec.name == var.name and isinstance(rec.shape, tuple):
            if all(isinstance(d, int) for d in rec.shape):
                shape = rec.shape
    slots = g.f["slots"]
    return KeyInfo(render(var.name), shape, var.name in slots, _dtype(g.store.get(var.name)))


# APIs whose variables' dtype the analysis knows (a layer's follows its input's).
_DTYPE_APIS = frozenset({"get_variable", "contrib.slim.variable", "contrib.slim.model_variable"})


def _dtype(rec: Any) -> Optional[str]:
    if not isinstance(rec, VarRecord) or not isinstance(rec.dtype, str) or rec.event is None:
        return None
    return rec.dtype if rec.event.api in _DTYPE_APIS else None


def list_keys(g: Graph, value: Any) -> Optional[dict]:
    """Saver keys of a var_list: a list (op names) or a dict (its keys)."""
    if isinstance(value, DictVal):
        out = {}
        for key, var in value.d.items():
            if not isinstance(key, str) or not isinstance(var, VarObj) or not is_text(var.name):
                return None
            out[key] = key_info(g, var)
        return out
    items = value.items if isinstance(value, ListVal) else value if isinstance(value, tuple) else None
    if items is None or not all(isinstance(v, VarObj) and is_text(v.name) for v in items):
        return None
    return {render(v.name): key_info(g, v) for v in items}


@REGISTRY.api("global_variables", "all_variables", value_only=True)
def _global_variables(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    return global_list(interp, bind(args, kwargs, ["scope"]).get("scope"))


# ---------------------------------------------------------------- Saver


@REGISTRY.api("train.Saver")
def _saver(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["var_list"])
    g = interp.graph
    var_list = a.get("var_list")
    deferred = kwargs.get("defer_build", False) is not False
    keys = None
    if not deferred and ("saver_def" not in kwargs or kwargs["saver_def"] is None):
        if var_list is None:
            known = g.global_variables
            keys = list_keys(g, known) if isinstance(known, tuple) else None
        else:
            keys = list_keys(g, var_list)
    name = kwargs.get("name")
    # The save/restore ops live under name_scope(name, "save"): it takes a name.
    if name is None or is_text(name):
        g.unique_name(name_stack(interp), name if name is not None else "save")
    return LibraryObject(SAVER, {"keys": KeySet(keys, node)}, node)


def _state(interp: Interp) -> JDict:
    """This program's checkpoints so far: CheckpointPath -> (KeySet, save
    node), and "blind" (a save whose path is unknown: any restore may read it)."""
    state = interp.library_state.get("saving.written")
    if state is None:
        state = interp.library_state["saving.written"] = JDict({"blind": False})
    return state


def _norm(path: str) -> str:
    return os.path.normpath(path)


@REGISTRY.method(SAVER, "save")
def _save(interp: Interp, saver: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["sess", "save_path", "global_step", "latest_filename", "meta_graph_suffix"])
    path = a.get("save_path")
    step = a.get("global_step")
    keys: KeySet = saver.config["keys"]
    state = _state(interp)
    prefix: Any = None
    directory: Optional[str] = None
    if isinstance(path, str):
        directory = _norm(os.path.dirname(path) or ".")
        if step is None:
            prefix = _norm(path)
        elif isinstance(step, int) and not isinstance(step, bool):
            prefix = f"{_norm(path)}-{step}"
        else:
            prefix = sym(_norm(path), "-", Unknown())
    write_state = kwargs.get("write_state", True)
    latest_known = a.get("latest_filename") is None and isinstance(write_state, bool)
    latest_dir = directory if latest_known and write_state else None
    info = Save(keys, prefix, latest_dir, blind=directory is None or not latest_known)
    emit(interp, Kind.SAVE, "train.Saver.save", node, record=False, checkpoint=info)
    written = (keys, node)
    if directory is None:
        state["blind"] = True
        return Unknown()
    if isinstance(prefix, str):
        state[CheckpointPath("prefix", prefix)] = written
    else:  # `path-?`: a literal restore path may be it
        patterns = state.get("patterns", ())
        state["patterns"] = patterns + (render(prefix),) if isinstance(patterns, tuple) else Unknown()
    latest = CheckpointPath("latest", directory)
    if latest_dir is not None:
        state[latest] = written
    elif not latest_known:
        state[latest] = Unknown()
    return prefix


def _target(value: Any, kind: str = "prefix") -> Optional[CheckpointPath]:
    if isinstance(value, str):
        return CheckpointPath(kind, _norm(value))
    if isinstance(value, LibraryObject) and value.kind == LATEST:
        return CheckpointPath("latest", value.config["dir"])
    return None


def _written(interp: Interp, target: Optional[CheckpointPath]) -> Any:
    """The save of this program that wrote `target` (see Restore.written)."""
    state = _state(interp)
    if target is None or state["blind"] is not False:
        return Unknown()
    kinds = ("prefix", "latest") if target.kind == "either" else (target.kind,)
    patterns = state.get("patterns", ())
    if "prefix" in kinds and not isinstance(patterns, tuple):
        return Unknown()
    for pattern in patterns if "prefix" in kinds else ():
        if re.fullmatch(".*".join(re.escape(p) for p in pattern.split("?")), target.path, re.S):
            return Unknown()
    found = [state.get(CheckpointPath(k, target.path)) for k in kinds]
    known = [w for w in found if w is not None]
    if not known:
        return None
    if len(known) > 1 or not isinstance(known[0], tuple):
        return Unknown()
    return known[0]


@REGISTRY.method(SAVER, "restore")
def _restore(interp: Interp, saver: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["sess", "save_path"])
    target = _target(a.get("save_path"))
    info = Restore(saver.config["keys"], target, _written(interp, target))
    emit(interp, Kind.RESTORE, "train.Saver.restore", node, record=False, checkpoint=info)
    return None


@REGISTRY.method(SAVER, "last_checkpoints", "recover_last_checkpoints", "set_last_checkpoints", "as_saver_def")
def _saver_other(interp: Interp, saver: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    return Unknown()


# ---------------------------------------------------------------- finding a checkpoint


@REGISTRY.api("train.latest_checkpoint", value_only=True)
def _latest_checkpoint(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["checkpoint_dir", "latest_filename"])
    directory = a.get("checkpoint_dir")
    if not isinstance(directory, str) or a.get("latest_filename") is not None:
        return Unknown()
    return LibraryObject(LATEST, {"dir": _norm(directory)})


@REGISTRY.api("train.get_checkpoint_state", value_only=True)
def _checkpoint_state(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["checkpoint_dir", "latest_filename"])
    directory = a.get("checkpoint_dir")
    if not isinstance(directory, str) or a.get("latest_filename") is not None:
        return Unknown()
    return LibraryObject(STATE, {"dir": _norm(directory)})


REGISTRY.kind(STATE).properties["model_checkpoint_path"] = lambda interp, st: LibraryObject(
    LATEST, {"dir": st.config["dir"]}
)


@REGISTRY.api("train.import_meta_graph")
def _import_meta_graph(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    interp.graph.open_store()  # the meta graph's variables are not modelled
    return Unknown()


# ---------------------------------------------------------------- init_from_checkpoint


@REGISTRY.api("train.init_from_checkpoint", "contrib.slim.init_from_checkpoint")
def _init_from_checkpoint(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["ckpt_dir_or_file", "assignment_map"])
    target = _target(a.get("ckpt_dir_or_file"), "either")
    needed = KeySet(_assignment_keys(interp.graph, a.get("assignment_map")), node)
    info = Restore(needed, target, _written(interp, target))
    emit(interp, Kind.RESTORE, "train.init_from_checkpoint", node, record=False, checkpoint=info)
    return None


def _assignment_keys(g: Graph, mapping: Any) -> Optional[dict]:
    """checkpoint_utils._init_from_checkpoint: checkpoint key -> variable,
    over the variable store (get_variable's variables only)."""
    if not isinstance(mapping, DictVal) or g.f["store_open"] or g.lost:
        return None
    store: dict = {}
    for key, rec in g.store.items():
        if not isinstance(key, str) or not isinstance(rec, VarRecord) or not isinstance(rec.name, str):
            return None  # a name with unknown parts, or a variable made on some paths only
        store[key] = rec
    out: dict = {}
    for ckpt_name, current in sorted(mapping.d.items(), key=lambda kv: str(kv[0])):
        if not isinstance(ckpt_name, str):
            return None
        if isinstance(current, VarObj):
            if not isinstance(current.name, str):
                return None
            out[ckpt_name] = key_info(g, current)
            continue
        if not isinstance(current, str):
            return None
        if current in store:
            out[ckpt_name] = _store_info(g, store[current])
            continue
        if not ckpt_name.endswith("/"):
            return None  # TF raises a ValueError about the map itself
        scopes = current[: current.rindex("/")] if "/" in current else ""
        for var_name in sorted(store):
            if scopes and not var_name.startswith(scopes + "/"):
                continue
            full = var_name[len(scopes) :]
            if current != "/":
                full = full[1:]
            if ckpt_name != "/":
                full = ckpt_name + full
            if full.endswith("/"):
                full = full[:-1]
            out[full] = _store_info(g, store[var_name])
    return out


def _store_info(g: Graph, rec: VarRecord) -> KeyInfo:
    shape = rec.shape if isinstance(rec.shape, tuple) and all(isinstance(d, int) for d in rec.shape) else None
    return KeyInfo(rec.name, shape, rec.name in g.f["slots"], _dtype(rec))


# ---------------------------------------------------------------- restore maps


@REGISTRY.method(EMA, "variables_to_restore")
def _ema_restore(interp: Interp, ema: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    """ExponentialMovingAverage.variables_to_restore: each averaged
    variable under its average's name, every other global one under its own."""
    a = bind(args, kwargs, ["moving_avg_variables"])
    g = interp.graph
    name = ema.config["name"]
    averaged = a.get("moving_avg_variables")
    if averaged is None:
        trainables, extra = g.trainables, g.f.get("ema_extra", ())
        if not isinstance(trainables, tuple) or not isinstance(extra, tuple):
            return Unknown()
        averaged = list(trainables) + list(extra)
    else:
        items = averaged.items if isinstance(averaged, ListVal) else averaged if isinstance(averaged, tuple) else None
        if items is None:
            return Unknown()
        averaged = list(items)
    known = g.global_variables
    if not isinstance(name, str) or not isinstance(known, tuple):
        return Unknown()
    if not all(isinstance(v, VarObj) and isinstance(v.name, str) for v in list(averaged) + list(known)):
        return Unknown()
    out: dict = {}
    for v in averaged:
        out[f"{v.name}/{name}"] = v
    names = {v.name for v in averaged}
    for v in known:
        if v.name not in names and v.name not in out:
            out[v.name] = v
    return DictVal(out)


def _slim_variables(interp: Interp, scope: Any) -> Any:
    return global_list(interp, scope)


@REGISTRY.api("contrib.slim.get_variables_to_restore", value_only=True)
def _slim_to_restore(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["include", "exclude"])
    include, exclude = a.get("include"), a.get("exclude")
    if include is None:
        chosen = _slim_variables(interp, None)
        if not isinstance(chosen, ListVal):
            return Unknown()
        chosen_items = list(chosen.items or ())
    else:
        scopes = _strings(include)
        if scopes is None:
            return Unknown()
        chosen_items = []
        for scope in scopes:
            part = _slim_variables(interp, scope)
            if not isinstance(part, ListVal):
                return Unknown()
            chosen_items += list(part.items or ())
    dropped: set = set()
    if exclude is not None:
        scopes = _strings(exclude)
        if scopes is None:
            return Unknown()
        for scope in scopes:
            part = _slim_variables(interp, scope)
            if not isinstance(part, ListVal):
                return Unknown()
            dropped |= {id(v) for v in part.items or ()}
    return ListVal([v for v in chosen_items if id(v) not in dropped])


@REGISTRY.api("contrib.slim.get_variables", value_only=True)
def _slim_get_variables(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["scope", "suffix", "collection"])
    collection = a.get("collection")
    if a.get("suffix") is not None or not (collection is None or is_global_collection(collection)):
        return Unknown()
    return _slim_variables(interp, a.get("scope"))


def _strings(value: Any) -> Optional[list]:
    items = value.items if isinstance(value, ListVal) else value if isinstance(value, tuple) else None
    if items is None or not all(isinstance(s, str) for s in items):
        return None
    return list(items)


__all__ = ["SAVER"]
