"""Core TF variables: `get_variable` (TF's `_VariableStore.get_variable` /
`_get_single_variable` in the current variable scope), `tf.Variable`,
initializers, tensors used as initial values, and variable objects."""

from __future__ import annotations

from typing import Any, Optional

import scopelint.engine.library.partitions as partitions
from scopelint.engine.dispatch import REGISTRY, bind, canonical
from scopelint.engine.events import ArgumentError, Event, Kind, Outcome, argument_error, emit, raise_if_certain
from scopelint.engine.library.scopes import current_scope, invalid_name, name_scope_enter, name_stack
from scopelint.engine.model import Graph, VarRecord, reuse_truthy, variable_key
from scopelint.engine.objects import Builtin, LibraryObject, ListVal, TFObject, TFRef, VarObj
from scopelint.engine.protocol import Interp
from scopelint.engine.shapes import (
    TENSOR_MAKERS,
    DType,
    Initializer,
    ValueTensor,
    initializer_kind,
    is_initializer_api,
    render_shape,
    shape_known,
    shape_of,
    shapes_compatible,
    value_shape_dtype,
)
from scopelint.engine.values import (
    AUTO_REUSE,
    Maybe,
    SymStr,
    Unknown,
    as_text,
    ends_with_slash,
    is_text,
    render,
    sym,
)

# ---------------------------------------------------------------- get_variable

_GV_ARGS = [
    "name", "shape", "dtype", "initializer", "regularizer", "trainable", "collections",
    "caching_device", "partitioner", "validate_shape", "use_resource", "custom_getter", "constraint",
]  # fmt: skip


# Registered by getters.py, which runs custom getters first.
GET_VARIABLE_APIS = (
    "get_variable",
    "get_local_variable",
    "contrib.slim.variable",
    "contrib.slim.model_variable",
    "contrib.slim.local_variable",
    "contrib.slim.global_variable",
)


def dtype_name(dtype: Any) -> Any:
    """'float32' for tf.float32; None when not given; Unknown otherwise."""
    if isinstance(dtype, DType):
        return dtype.name
    return dtype if dtype is None or isinstance(dtype, str) else Unknown()


def h_get_variable(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, _GV_ARGS)
    api = interp.api_name
    if "reuse" in kwargs and api in ("get_variable", "get_local_variable"):
        argument_error(
            interp, ArgumentError.GET_VARIABLE_REUSE, node, "get_variable() got an unexpected keyword argument 'reuse'"
        )
        return TFObject("variable")
    name = as_text(a.get("name"))
    partitioner = a.get("partitioner")
    opaque = a.get("custom_getter") is not None or (partitioner is not None and not partitions.modelled(partitioner))
    dtype = a.get("dtype")
    trainable = a.get("trainable", None)
    if api in ("get_local_variable", "contrib.slim.local_variable"):
        trainable = False
    elif trainable is None:
        trainable = True
    dtype = dtype_name(dtype)
    clash = initializer_dtype_clash(a.get("initializer"), dtype)
    if clash is not None:
        argument_error(interp, ArgumentError.INITIALIZER_DTYPE, node, clash)
        return TFObject("variable")
    ev = get_variable(
        interp,
        node,
        api,
        name,
        shape=shape_of(a.get("shape")),
        shape_given="shape" in a and a.get("shape") is not None,
        dtype=dtype,
        init=a.get("initializer"),
        opaque=opaque,
        use_resource=a.get("use_resource"),
        partitioner=partitioner,
    )
    if a.get("validate_shape", True) is not True and ev.outcome is Outcome.CREATE:
        ev.var_shape = None  # TF stores no static shape: any later shape= is compatible
        present, rec = interp.graph.lookup(ev.key)
        if present is True and rec is not None:
            rec.shape = None
    if api in ("get_local_variable", "contrib.slim.local_variable"):
        is_global: Any = False
    elif api.startswith("contrib.slim."):
        is_global = True  # slim adds GLOBAL_VARIABLES to any collections given
    else:
        is_global = collection_is_global(a.get("collections"))
    return variable_result(interp, ev, trainable, shape_of(a.get("shape")), is_global)


def variable_result(
    interp: Interp, ev: Optional[Event], trainable: Any = True, shape: Any = None, is_global: Any = True
) -> VarObj:
    """The variable object a creating/reusing call returns; a new trainable
    variable joins the graph's trainable list, a new global one (`is_global`:
    not in LOCAL_VARIABLES; True/False/Unknown) its global list (an unknown
    outcome makes them unknown)."""
    _track_global(interp.graph, ev, shape, trainable, is_global)
    present = ev is not None and ev.present
    known = ev is not None and (ev.outcome in (Outcome.CREATE, Outcome.REUSE) or present) and ev.name is not None
    var = VarObj(ev.name if known and ev is not None else Unknown(), shape if shape_known(shape) else None, trainable)
    outcome = ev.outcome if ev is not None else None
    if trainable is not False and not present and (outcome is Outcome.CREATE or outcome is None):
        g = interp.graph
        if outcome is Outcome.CREATE and trainable is True:
            # a partitioned variable's first part is a variable of its own (its shape unknown here)
            g.add_trainable(var if ev is None or not ev.parts else VarObj(ev.name, None, trainable))
            for part in ev.parts if ev is not None else ():
                g.add_trainable(VarObj(part.name, None, trainable))
        elif outcome is None and trainable is True and ev is not None and isinstance(ev.name, str) and ev.error is None:
            # Created now or found: either way a variable of this name exists
            # afterwards (unless the call raised, which ends the path).
            known_vars = g.trainables
            if isinstance(known_vars, tuple) and not any(v.name == ev.name for v in known_vars):
                var = VarObj(ev.name, var.shape, trainable)
                g.add_trainable(var)
        else:
            g.f["trainables"] = Unknown()
    if known and ev is not None:
        var.parts = _part_names(interp.graph, ev)
    return var


def _part_names(g: Graph, ev: Event) -> Optional[tuple]:
    """The parts of the partitioned variable a call created or found (a
    gradient through it reaches every part), else None."""
    if ev.parts:
        return (ev.name,) + tuple(p.name for p in ev.parts)
    rec = g.store.get(ev.name) if ev.partitioned and isinstance(ev.name, str) else None
    if not isinstance(rec, VarRecord) or not isinstance(rec.parts, int):
        return None
    parts = [g.store.get(f"{ev.name}/part_{i}") for i in range(rec.parts)]
    return tuple(p.name for p in parts) if all(isinstance(p, VarRecord) for p in parts) else None


def _track_global(g: Graph, ev: Optional[Event], shape: Any, trainable: Any, is_global: Any) -> None:
    if ev is None:
        g.f["globals"] = Unknown()
        return
    if ev.present or is_global is False or ev.outcome not in (Outcome.CREATE, None):
        return  # found, local, or the call raised: no new global variable
    if is_global is not True or not isinstance(ev.name, (str, SymStr)) or ev.error is not None:
        g.f["globals"] = Unknown()
        return
    var = VarObj(ev.name, shape if shape_known(shape) else None, trainable)
    known = g.global_variables
    if ev.outcome is Outcome.CREATE:
        g.add_global(var)
    elif isinstance(known, tuple) and isinstance(ev.name, str):
        # Created now or found: either way it exists afterwards.
        if not any(v.name == ev.name for v in known):
            g.add_global(var)
    else:
        g.f["globals"] = Unknown()


def collection_is_global(collections: Any) -> Any:
    """`collections=` of get_variable / tf.Variable: True (GLOBAL_VARIABLES
    among them, or none given), False (a known list without it), else Unknown."""
    if collections is None:
        return True
    items = collections.items if isinstance(collections, ListVal) else collections
    if not isinstance(items, (list, tuple)):
        return Unknown()
    for item in items:
        key = canonical(item.qual) if isinstance(item, TFRef) else item
        if key in ("GraphKeys.GLOBAL_VARIABLES", "variables"):
            return True
        if not isinstance(key, str):
            return Unknown()
    return False


def get_variable(interp: Interp, node: Any, api: str, name: Any, **kw: Any) -> Event:
    """_VariableStore.get_variable in the current variable scope; a certain
    error ends the path."""
    return raise_if_certain(_get_variable(interp, node, api, name, **kw))


def _get_variable(
    interp: Interp,
    node: Any,
    api: str,
    name: Any,
    *,
    shape: Any = None,
    shape_given: bool = False,
    dtype: Any = None,
    init: Any = None,
    opaque: bool = False,
    use_resource: Any = None,
    library: bool = False,
    partitioner: Any = None,
    full_name: bool = False,
) -> Event:
    """_VariableStore.get_variable in the current variable scope (`full_name`:
    `name` is already the full name, as a custom getter's true getter gets it)."""
    g: Graph = interp.graph
    scope = current_scope(interp)
    key = name if full_name else variable_key(scope.name, name)
    reuse = scope.reuse
    kind = initializer_kind(init)
    if kind == "value":
        if isinstance(init, ValueTensor):
            vshape, vdtype = (init.shape if init.shape is not None else Unknown()), init.dtype
        elif isinstance(init, TFObject):
            vshape, vdtype = Unknown(), Unknown()
        else:
            vshape, vdtype = value_shape_dtype(init)
    else:
        vshape, vdtype = None, None
    dtype_given = dtype is not None
    if dtype is None and library:
        dtype = Unknown()  # layers follow their input's dtype, the global step is int64...
    elif dtype is None:
        dtype = vdtype if kind == "value" else scope.f.get("dtype") or "float32"
    resource = use_resource is True or scope.f.get("resource") is True
    ns_only = g.f.get("ns_only")
    ev = emit(
        interp,
        Kind.GET_VARIABLE,
        api,
        node,
        key=key,
        scope_cause=scope.f["cause"],
        scope_node=scope.f.get("node"),
        ns_only=ns_only if not library else None,
        short_name=name,
        scope_call=scope.f["opened_by"],
        reuse_call=scope.f["reuse_call"],
    )
    if opaque or scope.f["opaque"] or g.lost:
        # A custom getter or partitioner decides the real names.
        ev.name = sym(key, Unknown()) if is_text(key) else Unknown()
        ev.outcome = None
        ev.record = ev.record and not (opaque or scope.f["opaque"])
        g.open_store()
        return ev
    ev.reuse = reuse
    ev.given_shape = shape if shape_given else vshape
    part = partitioner if partitioner is not None else scope.f.get("partitioner")
    if part is not None:
        count = partitions.part_count(part, shape) if shape_given and kind != "value" else None
        if count is None:
            return partitions.unknown(interp, ev, key)
        if count:
            return partitions.get_partitioned(interp, ev, key, count, shape, dtype, reuse)
    if not library:  # a layer's shapes come from its input, not from an argument
        ev.origins = (
            "shape=" if shape_given else "its initial value" if kind == "value" else None,
            "dtype=" if dtype_given else "its initial value" if kind == "value" else "the default, no dtype=",
        )

    if kind == "value" and shape_given:
        ev.outcome = Outcome.ERROR
        ev.error = ArgumentError.CONSTANT_INITIALIZER_WITH_SHAPE
        ev.message = "If initializer is a constant, do not specify shape."
        ev.value_shape = vshape
        return ev

    present, rec = g.lookup(key)
    if rec is not None and rec.parts:
        # TF: reuse=True finds a partitioned variable without a partitioner; other mixes raise their own errors.
        if present is True and reuse is True and (not shape_given or shape == rec.shape):
            return partitions.reused(ev, key)
        return partitions.unknown(interp, ev, key)
    if present is True and rec is not None and reuse is False:
        ev.outcome = Outcome.EXISTS
        ev.first = rec.event
        ev.name = rec.name
        return ev
    if present is True and rec is not None and reuse_truthy(reuse):
        ev.name = rec.name
        ev.first = rec.event
        # A value initializer comes without shape= (else the error above): TF
        # checks only a shape passed as shape= against the existing variable.
        spec_shape = shape if shape_given else None
        compat = shapes_compatible(spec_shape, rec.shape)
        if compat is False:
            ev.outcome = Outcome.SHAPE
            ev.var_shape = spec_shape
            ev.message = (
                f"Trying to share variable {render(key)}, but specified shape {render_shape(spec_shape)} "
                f"and found shape {render_shape(rec.shape)}."
            )
            return ev
        # Without dtype=, TF asks for the scope's dtype (float32), whatever the
        # initializer (a value's own dtype only matters when creating): that is compared.
        asked = dtype if dtype_given else None if library else scope.f.get("dtype") or "float32"
        explicit_dtype = asked if isinstance(asked, str) else None
        if explicit_dtype and isinstance(rec.dtype, str) and explicit_dtype != rec.dtype:
            ref = "" if rec.resource else "_ref"
            ev.outcome = Outcome.DTYPE
            ev.var_dtype = explicit_dtype
            ev.message = (
                f"Trying to share variable {render(key)}, but specified dtype {explicit_dtype} "
                f"and found dtype {rec.dtype}{ref}."
            )
            return ev
        ev.outcome = Outcome.REUSE if compat is not None else None
        ev.var_shape, ev.var_dtype = rec.shape, rec.dtype
        ev.present = True  # reused or a shape error: never a new variable
        return ev
    if present is False and reuse is True:
        ev.outcome = Outcome.MISSING
        ev.name = key
        return ev
    if present is False and (reuse is False or reuse is AUTO_REUSE):
        return _create(interp, ev, node, key, kind, shape, shape_given, dtype, vshape, resource)
    # Unknown presence or reuse: the outcome is unknown, but afterwards the
    # key is there (created or found) unless the call failed.
    ev.outcome = None
    if rec is not None and present in (True, None):
        ev.name = rec.name
    elif g.f["store_open"] and is_text(key) and ends_with_slash(key) is False:
        # Something unseen may have made it (a partitioner: `key/part_0`).
        ev.name = sym(key, Unknown())
    else:
        ev.name = _without_slash(key)
    if present is not True:
        if isinstance(key, str):
            g.store[key] = Maybe(rec)
        elif isinstance(key, SymStr):
            g.sym_store[key] = True
            g.store[key] = Maybe(rec)
        else:
            g.open_store()
    return ev


def _create(
    interp: Interp,
    ev: Event,
    node: Any,
    key: Any,
    kind: str,
    shape: Any,
    shape_given: bool,
    dtype: Any,
    vshape: Any,
    resource: bool,
) -> Event:
    """A new variable: its shape must be known unless the value gives it."""
    g = interp.graph
    full_shape = shape if shape_given else None
    if kind in ("none", "callable") and (full_shape is None or (shape_known(full_shape) and None in full_shape)):
        ev.outcome = Outcome.NOSHAPE
        if kind == "none" and full_shape is None:
            ev.message = (
                f"Variable {render(key)} did not get an initializer, so its `shape` argument must be specified."
            )
        else:
            ev.message = (
                "The initializer passed is not valid. It should be a callable with no arguments and the shape "
                "should not be provided or an instance of `tf.keras.initializers.*' and `shape` should be fully "
                "defined."
            )
        return ev
    if invalid_name(interp, node, "", key):
        ev.outcome = Outcome.ERROR
        ev.record = False
        return ev
    if ends_with_slash(key):
        # `scope/` (slot variables: get_variable("") in a scope) names the
        # variable absolutely: no uniquification.
        real = _without_slash(key)
    else:
        real = g.unique_name("", key)
    ev.name = real
    ev.outcome = Outcome.CREATE
    rec_shape = vshape if kind == "value" else (full_shape if full_shape is not None else Unknown())
    if kind == "unknown":
        rec_shape = Unknown() if not shape_given else full_shape
    ev.var_shape, ev.var_dtype = rec_shape, dtype
    g.add(key, VarRecord(key, real, rec_shape, dtype if isinstance(dtype, str) else Unknown(), ev, resource=resource))
    return ev


# ---------------------------------------------------------------- tf.Variable


@REGISTRY.api("Variable")
def h_variable(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["initial_value", "trainable", "collections", "validate_shape", "caching_device", "name"])
    name = a.get("name")
    if name is None:
        name = "Variable"
    elif not is_text(name):
        name = Unknown()
    g = interp.graph
    if invalid_name(interp, node, name_stack(interp), name):
        return TFObject("variable")
    real, _returned = name_scope_enter(g, name_stack(interp), name)
    scope = current_scope(interp)
    outcome = Outcome.CREATE if not g.lost else None
    ev = emit(
        interp,
        Kind.VARIABLE,
        "Variable",
        node,
        name=real,
        outcome=outcome,
        reuse=scope.reuse,
        scope_cause=scope.f["cause"],
    )
    trainable = a.get("trainable", True)
    if trainable is None:
        trainable = True
    elif not isinstance(trainable, bool):
        trainable = Unknown()
    ev.var_shape, ev.var_dtype = _initial_value_type(a.get("initial_value"), kwargs.get("dtype"))
    if a.get("validate_shape", True) is not True:
        ev.var_shape = None
    return variable_result(interp, ev, trainable, ev.var_shape, collection_is_global(a.get("collections")))


def _initial_value_type(value: Any, dtype: Any) -> tuple:
    """tf.Variable(initial_value, dtype=...): the variable's shape and dtype (None when unknown)."""
    if isinstance(value, ValueTensor):
        shape, vdtype = value.shape, value.dtype
    elif initializer_kind(value) == "value" and not isinstance(value, TFObject):
        shape, vdtype = value_shape_dtype(value)
    else:
        return None, None
    if isinstance(dtype, DType):
        vdtype = dtype.name
    elif dtype is not None:
        vdtype = None
    known = isinstance(shape, tuple) and all(isinstance(d, int) and not isinstance(d, bool) for d in shape)
    return (shape if known else None), (vdtype if isinstance(vdtype, str) else None)


def make_tf_variable(interp: Interp, node: Any, api: str, name: str, *, trainable: Any = False) -> VarObj:
    """A variable made like tf.Variable (not in the store): named by the name scope."""
    g = interp.graph
    real, _ = name_scope_enter(g, name_stack(interp), name)
    ev = emit(interp, Kind.VARIABLE, api, node, name=real, outcome=Outcome.CREATE if not g.lost else None)
    return variable_result(interp, ev, trainable)


def _variable_attribute(interp: Interp, var: VarObj, attr: str, node: Any) -> Any:
    if attr == "name":
        return sym(var.name, ":0") if is_text(var.name) else Unknown()
    if attr == "op":
        return LibraryObject("op", {"name": var.name})
    if attr in ("shape",) and var.shape is not None:
        return var.shape
    if attr == "get_shape" and var.shape is not None:
        return Builtin("Variable.get_shape", lambda i, a, k, n: var.shape)
    return NotImplemented


REGISTRY.kind(VarObj).attribute = _variable_attribute
REGISTRY.kind("op").properties["name"] = lambda interp, op: (
    op.config["name"] if is_text(op.config["name"]) else Unknown()
)


# ---------------------------------------------------------------- initializers and initial values


def _initializer(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    return Initializer()


_INIT_NAMES = [
    "constant_initializer", "zeros_initializer", "ones_initializer", "random_normal_initializer",
    "truncated_normal_initializer", "random_uniform_initializer", "glorot_uniform_initializer",
    "glorot_normal_initializer", "variance_scaling_initializer", "orthogonal_initializer",
    "uniform_unit_scaling_initializer", "identity_initializer", "he_normal", "he_uniform",
    "contrib.slim.xavier_initializer", "contrib.slim.xavier_initializer_conv2d",
    "contrib.slim.variance_scaling_initializer",
]  # fmt: skip
REGISTRY.api(*_INIT_NAMES, value_only=True)(_initializer)


@REGISTRY.fallback(order=10)
def _initializer_fallback(interp: Interp, name: str, args: list, kwargs: dict, node: Any) -> Any:
    return Initializer() if is_initializer_api(name) else NotImplemented


def literal_dtype_certain(value: Any) -> bool:
    """The dtype TF infers for a Python literal is the one value_shape_dtype
    gives: no int outside int32 (TF makes those int64)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -(2**31) <= value < 2**31
    if isinstance(value, float):
        return True
    items = value.items if isinstance(value, ListVal) else value if isinstance(value, tuple) else None
    return items is not None and all(literal_dtype_certain(v) for v in items)


def initializer_dtype_clash(init: Any, dtype: Any) -> Optional[str]:
    """TF's VariableScope.get_variable: a value initializer whose dtype is not
    the explicit one raises; the message, when certain."""
    if not isinstance(dtype, str) or initializer_kind(init) != "value":
        return None
    if isinstance(init, ValueTensor):
        init_dtype = init.dtype
    elif isinstance(init, TFObject) or not literal_dtype_certain(init):
        return None
    else:
        init_dtype = value_shape_dtype(init)[1]
    if not isinstance(init_dtype, str) or init_dtype == dtype:
        return None
    return f"Initializer type '<dtype: '{init_dtype}'>' and explicit dtype '<dtype: '{dtype}'>' don't match."


def _tensor_maker(name: str) -> Any:
    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        op_name = kwargs.get("name")
        if isinstance(op_name, str) and op_name:
            interp.graph.unique_name(name_stack(interp), op_name)
        if name in ("zeros", "ones"):
            # tf.zeros(shape, dtype=tf.float32): a value whose shape and dtype are known.
            a = bind(args, kwargs, ["shape", "dtype", "name"])
            shape = shape_of(a.get("shape"))
            dtype = a.get("dtype")
            dtype = "float32" if dtype is None else dtype.name if isinstance(dtype, DType) else Unknown()
            return ValueTensor(name, shape if shape_known(shape) else None, dtype)
        if name == "constant":
            # tf.constant(<Python literal>, dtype=None): the value's shape, and its dtype unless given.
            a = bind(args, kwargs, ["value", "dtype", "shape", "name"])
            vshape, vdtype = value_shape_dtype(a.get("value"))
            given = a.get("dtype")
            if a.get("shape") is None and isinstance(vdtype, str) and literal_dtype_certain(a.get("value")):
                return ValueTensor(name, vshape, given.name if isinstance(given, DType) else vdtype)
        if name in _SHAPED_BY_FIRST_ARGUMENT:
            # tf.random_normal([8, 10]): a tensor of that static shape
            shape = shape_of(args[0] if args else kwargs.get("shape", kwargs.get("dims")))
            return TFObject(name, shape if shape_known(shape) else None)
        return TFObject(name)

    return handler


_SHAPED_BY_FIRST_ARGUMENT = frozenset(
    {
        "random_normal",
        "truncated_normal",
        "random_uniform",
        "random.normal",
        "random.uniform",
        "random.truncated_normal",
        "fill",
    }
)


for _name in sorted(TENSOR_MAKERS):
    REGISTRY.add_api(_name, _tensor_maker(_name), value_only=True, replace=False)


@REGISTRY.api("placeholder", value_only=True)
def h_placeholder(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["dtype", "shape", "name"])
    _tensor_maker("placeholder")(interp, args, kwargs, node)
    return TFObject("tensor", shape_of(a.get("shape")) if a.get("shape") is not None else Unknown())


def _without_slash(key: Any) -> Any:
    """`scope/` (get_variable("") in a scope: slot variables) names the variable `scope`."""
    if ends_with_slash(key) is not True:
        return key
    return key[:-1] if isinstance(key, str) else sym(*key.parts[:-1], key.parts[-1][:-1])
