"""The REGULARIZATION_LOSSES and LOSSES collections, so that a loss built from
them keeps known dependencies (engine/gradients.py) and optimizer slots stay
certain.

`get_variable(regularizer=r)` (`_VariableStore._get_single_variable`) adds
`r(v)` to REGULARIZATION_LOSSES when it creates `v` (not when it reuses
it) and `r(v)` is not None; tf.layers' `kernel_regularizer=` /
`bias_regularizer=` and slim's `weights_regularizer=` / `biases_regularizer=`
do the same for that one variable. `l2_regularizer(0.0)` returns None for
every variable. `tf.losses.<loss>()` adds its result to LOSSES.
`get_regularization_loss()` is their `add_n` (a constant 0 when empty),
`get_total_loss()` the sum of both. The graph fields `reg_losses` and
`losses` hold one dependency set per collected tensor, or Unknown once
something not followed may have added to them (a scope's or arg_scope's
regularizer, a user function as regularizer, a Keras layer, an unknown key
to `add_to_collection`, a call the analysis cannot see into).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from scopelint.engine.dispatch import REGISTRY, bind, canonical
from scopelint.engine.events import Kind, Outcome
from scopelint.engine.gradients import deps_of
from scopelint.engine.model import Graph
from scopelint.engine.objects import LibraryObject, ListVal, TFObject, TFRef
from scopelint.engine.protocol import Interp
from scopelint.engine.values import Unknown

REG = "reg_losses"
LOSSES = "losses"
REGULARIZER = "regularizer"

# A layer's regularizer argument -> the last part of the variable it applies to.
_LAYER_ARGS = {
    "kernel_regularizer": "kernel",
    "bias_regularizer": "bias",
    "weights_regularizer": "weights",
    "biases_regularizer": "biases",
}
# Layer functions whose variables the regularizer arguments above name.
_LAYER_FUNCS = frozenset(
    """layers.dense layers.conv1d layers.conv2d layers.conv3d layers.conv2d_transpose
    contrib.slim.fully_connected contrib.slim.conv2d contrib.slim.convolution2d contrib.slim.conv1d
    contrib.slim.conv3d contrib.slim.convolution contrib.slim.conv2d_transpose""".split()
)
# tf.losses functions scopelint models (library/gradients.py): each adds its result to LOSSES.
_LOSS_FUNCS = frozenset(
    """losses.mean_squared_error losses.absolute_difference losses.huber_loss losses.log_loss
    losses.softmax_cross_entropy losses.sparse_softmax_cross_entropy losses.sigmoid_cross_entropy""".split()
)
_READERS = frozenset(
    """losses.get_regularization_loss losses.get_regularization_losses losses.get_losses
    losses.get_total_loss losses.add_loss add_to_collection add_to_collections get_collection
    get_collection_ref""".split()
)


def collected(g: Graph, field: str) -> Any:
    """The dependency sets of a collection's tensors (a tuple), or Unknown."""
    value = g.f.get(field)
    if g.f.get("store_open") is True or g.lost or not isinstance(value, tuple):
        return Unknown()  # unseen code may have made variables with regularizers
    return value


def _add(g: Graph, field: str, deps: Optional[frozenset]) -> None:
    value = g.f.get(field)
    g.f[field] = value + (deps,) if isinstance(value, tuple) and deps is not None else Unknown()


def _lose(g: Graph, field: str) -> None:
    g.f[field] = Unknown()


def collection_list(interp: Interp, field: str) -> Any:
    """The collection as a list of tensors, each depending on its variables."""
    value = collected(interp.graph, field)
    if not isinstance(value, tuple):
        return Unknown()
    out = []
    for deps in value:
        t = TFObject()
        t.deps = deps
        out.append(t)
    return ListVal(out)


def collection_field(key: Any) -> Optional[str]:
    """REG or LOSSES for those collections' keys; None for another or an unknown key."""
    name = canonical(key.qual) if isinstance(key, TFRef) else key if isinstance(key, str) else None
    if name in ("GraphKeys.REGULARIZATION_LOSSES", "regularization_losses"):
        return REG
    if name in ("GraphKeys.LOSSES", "losses"):
        return LOSSES
    return None


def _sum(interp: Interp, fields: tuple) -> TFObject:
    out = TFObject()
    parts = [collected(interp.graph, f) for f in fields]
    if any(not isinstance(p, tuple) for p in parts):
        return out
    out.deps = frozenset().union(*(d for p in parts for d in p))
    return out


# ---------------------------------------------------------------- regularizers


def _regularizer(scale_names: tuple) -> Callable:
    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        a = bind(args, kwargs, list(scale_names) + ["scope"])
        scales = [a.get(n, 1.0) for n in scale_names]  # l1_l2_regularizer's scales default to 1.0
        if len(scale_names) == 1:
            scales = [a.get(scale_names[0], Unknown())]
        if not all(isinstance(s, float) and s >= 0 for s in scales):
            return Unknown()  # TF refuses an integer or negative scale
        # a zero scale gives `lambda _: None`: no loss is added
        return LibraryObject(REGULARIZER, {"adds": any(s > 0 for s in scales)}, node)

    return handler


for _prefix in ("contrib.slim.", "contrib.slim.regularizers."):
    REGISTRY.add_api(_prefix + "l2_regularizer", _regularizer(("scale",)), value_only=True)
    REGISTRY.add_api(_prefix + "l1_regularizer", _regularizer(("scale",)), value_only=True)
    REGISTRY.add_api(_prefix + "l1_l2_regularizer", _regularizer(("scale_l1", "scale_l2")), value_only=True)


def _call_regularizer(interp: Interp, reg: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    if not reg.config["adds"]:
        return None
    out = TFObject()
    out.deps = deps_of(args[0]) if len(args) == 1 and not kwargs else None
    return out


REGISTRY.kind(REGULARIZER).call = _call_regularizer


def _adds(value: Any) -> Optional[bool]:
    """Whether a regularizer argument adds a loss: True, False, None (unknown)."""
    if value is None:
        return False
    if isinstance(value, LibraryObject) and value.kind == REGULARIZER:
        return bool(value.config["adds"])
    return None


# ---------------------------------------------------------------- writers, around every call


def _around(interp: Interp, name: str, callee: Any, args: list, kwargs: dict) -> Optional[Callable[[Any], None]]:
    g = interp.graph
    if name == "get_variable":
        adds = _adds(bind(args, kwargs, ["name", "shape", "dtype", "initializer", "regularizer"]).get("regularizer"))
        return None if adds is False else _made(interp, adds, None)
    if name in _LAYER_FUNCS:
        if len(args) > 3 or _arg_scope_regularizer(interp):  # a regularizer not among the keywords
            _lose(g, REG)
            return None
        given = {k: _adds(v) for k, v in kwargs.items() if k.endswith(("regularizer", "regularizers"))}
        if any(k not in _LAYER_ARGS or v is None for k, v in given.items()):
            _lose(g, REG)
            return None
        parts = frozenset(_LAYER_ARGS[k] for k, v in given.items() if v)
        return _made(interp, True, parts) if parts else None
    if name in _LOSS_FUNCS:
        collection = kwargs.get("loss_collection", TFRef("GraphKeys.LOSSES"))
        if len(args) > 4 or (collection is not None and collection_field(collection) != LOSSES):
            _lose(g, LOSSES)
            return None
        return lambda result: _add(interp.graph, LOSSES, deps_of(result))
    if name in _READERS:
        return None
    if name.endswith("apply_regularization") or any(
        k.endswith(("regularizer", "regularizers")) and v is not None for k, v in kwargs.items()
    ):
        _lose(g, REG)  # a scope's, arg_scope's, Keras layer's or other library's regularizer
    if ".losses." in "." + name:
        _lose(g, LOSSES)  # a loss function not modelled
    return None


def _arg_scope_regularizer(interp: Interp) -> bool:
    """An active slim.arg_scope may give a layer a regularizer."""
    for layer in interp.library_state.get("slim.arg_scopes", ()):
        for _ops, kwargs in layer if isinstance(layer, tuple) else ((None, {"?regularizer": True}),):
            if not isinstance(kwargs, dict) or any(k.endswith(("regularizer", "regularizers")) for k in kwargs):
                return True
    return False


def _made(interp: Interp, adds: Optional[bool], parts: Optional[frozenset]) -> Callable[[Any], None]:
    """After the call: each variable it created (of those whose last name part
    is in `parts`, or all) gets a loss in REGULARIZATION_LOSSES."""
    before = len(interp.events)

    def finish(result: Any) -> None:
        g = interp.graph
        for ev in interp.events[before:]:
            if ev.kind is not Kind.GET_VARIABLE:
                continue
            last = ev.name.rsplit("/", 1)[-1] if isinstance(ev.name, str) else None
            if parts is not None and last is not None and last not in parts:
                continue
            if ev.outcome is Outcome.REUSE:
                continue  # a found variable: no new loss
            if adds is not True or ev.outcome is not Outcome.CREATE or last is None or not ev.certain:
                _lose(g, REG)
                return
            _add(g, REG, frozenset((ev.name,)))

    return finish


REGISTRY.around.append(_around)


@REGISTRY.api("add_to_collection", "add_to_collections", value_only=True)
def _add_to_collection(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["name", "value"])
    names = a.get("name")
    keys = names.items if isinstance(names, ListVal) else list(names) if isinstance(names, (list, tuple)) else [names]
    keys = keys if keys is not None else [Unknown()]
    for key in keys:
        field = collection_field(key)
        if field is not None:
            _add(interp.graph, field, deps_of(a.get("value")))
        elif not isinstance(key, (str, TFRef)):
            _lose(interp.graph, REG)
            _lose(interp.graph, LOSSES)
    return None


# ---------------------------------------------------------------- readers


@REGISTRY.api("losses.get_regularization_loss", value_only=True)
def _regularization_loss(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    if bind(args, kwargs, ["scope", "name"]).get("scope") is not None:
        return TFObject()  # filtered by the losses' op names: not followed
    return _sum(interp, (REG,))


@REGISTRY.api("losses.get_regularization_losses", value_only=True)
def _regularization_losses(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    if bind(args, kwargs, ["scope"]).get("scope") is not None:
        return Unknown()
    return collection_list(interp, REG)


@REGISTRY.api("losses.get_losses", value_only=True)
def _get_losses(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["scope", "loss_collection"])
    collection = a.get("loss_collection", TFRef("GraphKeys.LOSSES"))
    if a.get("scope") is not None or collection_field(collection) is None:
        return Unknown()
    return collection_list(interp, collection_field(collection) or LOSSES)


@REGISTRY.api("losses.get_total_loss", value_only=True)
def _total_loss(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["add_regularization_losses", "name", "scope"])
    with_reg = a.get("add_regularization_losses", True)
    if a.get("scope") is not None or not isinstance(with_reg, bool):
        return TFObject()
    return _sum(interp, (LOSSES, REG) if with_reg else (LOSSES,))


@REGISTRY.api("losses.add_loss", value_only=True)
def _add_loss(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["loss", "loss_collection"])
    collection = a.get("loss_collection", TFRef("GraphKeys.LOSSES"))
    if collection is not None:
        field = collection_field(collection)
        if field is not None:
            _add(interp.graph, field, deps_of(a.get("loss")))
        else:
            _lose(interp.graph, LOSSES)
    return None
