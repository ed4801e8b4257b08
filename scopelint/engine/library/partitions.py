"""Partitioned variables (TF's `_VariableStore._get_partitioned_variable`).

`get_variable` with a partitioner (its own or its scope's) and a non-scalar
shape makes one logical variable `w`, kept apart from plain ones, and real
variables `w/part_0`, `w/part_1`, ... . Only `tf.fixed_size_partitioner(n,
axis)` on a fully known shape is modelled: `min(n, shape[axis])` parts.
Any other partitioner, an unknown shape, or a mix TF refuses with its own
messages (a plain call on a partitioned name, another part count) is
unknown: no name, no finding."""

from __future__ import annotations

from typing import Any, Optional

from scopelint.engine.dispatch import REGISTRY, bind
from scopelint.engine.events import Event, Kind, Outcome, emit
from scopelint.engine.model import Graph, VarRecord
from scopelint.engine.objects import LibraryObject
from scopelint.engine.protocol import Interp
from scopelint.engine.values import AUTO_REUSE, Unknown, is_text, sym

PARTITIONER = "partitioner"


@REGISTRY.api("fixed_size_partitioner", value_only=True)
def h_fixed_size_partitioner(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["num_shards", "axis"])
    return LibraryObject(PARTITIONER, {"shards": a.get("num_shards"), "axis": a.get("axis", 0)})


def modelled(partitioner: Any) -> bool:
    """A partitioner whose parts can be counted (given a known shape)."""
    return isinstance(partitioner, LibraryObject) and partitioner.kind == PARTITIONER


def part_count(partitioner: Any, shape: Any) -> Optional[int]:
    """How many parts, 0 for a scalar (TF does not partition it), None when unknown."""
    if not modelled(partitioner) or not isinstance(shape, tuple):
        return None
    if shape == ():
        return 0
    shards, axis = partitioner.config["shards"], partitioner.config["axis"]
    if not all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in shape):
        return None
    if not isinstance(shards, int) or isinstance(shards, bool) or shards < 1:
        return None
    if not isinstance(axis, int) or isinstance(axis, bool) or not 0 <= axis < len(shape):
        return None
    return min(shards, shape[axis])


def get_partitioned(interp: Interp, ev: Event, key: Any, count: int, shape: tuple, dtype: Any, reuse: Any) -> Event:
    """get_variable of a partitioned variable, `ev` already emitted for the call."""
    g: Graph = interp.graph
    present, rec = g.lookup(key)
    parts = [sym(key, f"/part_{i}") if not isinstance(key, str) else f"{key}/part_{i}" for i in range(count)]
    if present is True and rec is not None and rec.parts == count and reuse in (True, AUTO_REUSE):
        if rec.shape == shape:
            return reused(ev, key)
    elif present is False and reuse in (False, AUTO_REUSE) and all(g.lookup(p)[0] is False for p in parts):
        events = [ev] + [emit(interp, Kind.GET_VARIABLE, ev.api, ev.node, key=p) for p in parts[1:]]
        for part, part_ev in zip(parts, events):
            part_ev.key, part_ev.name, part_ev.outcome, part_ev.reuse = (
                part,
                g.unique_name("", part),
                Outcome.CREATE,
                reuse,
            )
            g.add(
                part, VarRecord(part, part_ev.name, Unknown(), dtype if isinstance(dtype, str) else Unknown(), part_ev)
            )
        g.add(key, VarRecord(key, key, shape, Unknown(), ev, parts=count))
        ev.parts = tuple(events[1:])
        return ev
    return unknown(interp, ev, key)


def reused(ev: Event, key: Any) -> Event:
    """The logical variable found again: TF names it without `:0`."""
    ev.name, ev.outcome, ev.present, ev.partitioned = key, Outcome.REUSE, True, True
    return ev


def unknown(interp: Interp, ev: Event, key: Any) -> Event:
    ev.name = sym(key, Unknown()) if is_text(key) else Unknown()
    ev.outcome = None
    interp.graph.open_store()
    return ev
