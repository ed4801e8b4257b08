"""What every library model shares: entering variable scopes the way the
library's own code does, creating variables through the store, tensor
shapes, and the methods of library objects."""

from __future__ import annotations

from typing import Any, Callable, Optional

from scopelint.engine import tfapi
from scopelint.engine.model import VarScope
from scopelint.engine.objects import LibraryObject, ListVal, TFObject, VarObj, VarScopeCM
from scopelint.engine.values import AUTO_REUSE, Unknown, is_text, is_unknown, sym

# Calls on library objects: kind -> fn(interp, obj, args, kwargs, node)
OBJECT_CALL_BY_KIND: dict = {}
# Methods of library objects: (kind, attr) -> fn(interp, obj, args, kwargs, node)
METHODS: dict = {}
# Plain attributes of library objects: (kind, attr) -> fn(interp, obj)
PROPERTIES: dict = {}


def method(kind: str, *names: str) -> Callable:
    def deco(fn: Callable) -> Callable:
        for n in names:
            METHODS[(kind, n)] = fn
        return fn

    return deco


def _call_library_object(interp: Any, obj: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    fn = OBJECT_CALL_BY_KIND.get(obj.kind)
    if fn is None:
        return interp.unknown_call(args, kwargs)
    return fn(interp, obj, args, kwargs, node)


def _library_attribute(interp: Any, obj: LibraryObject, attr: str, node: Any) -> Any:
    fn = METHODS.get((obj.kind, attr))
    if fn is not None:
        from scopelint.engine.objects import Builtin

        return Builtin(f"{obj.kind}.{attr}", lambda i, a, k, n: fn(i, obj, a, k, n))
    prop = PROPERTIES.get((obj.kind, attr))
    if prop is not None:
        return prop(interp, obj)
    return Unknown()


def _variable_attribute(interp: Any, var: VarObj, attr: str, node: Any) -> Any:
    if attr == "name":
        return sym(var.name, ":0") if is_text(var.name) else Unknown()
    if attr == "op":
        return LibraryObject("op", {"name": var.name})
    if attr in ("shape",) and var.shape is not None:
        return var.shape
    if attr == "get_shape" and var.shape is not None:
        from scopelint.engine.objects import Builtin

        return Builtin("Variable.get_shape", lambda i, a, k, n: var.shape)
    return NotImplemented


tfapi.OBJECT_CALLS[LibraryObject] = _call_library_object
tfapi.OBJECT_ATTRS.insert(0, (LibraryObject, None, _library_attribute))
tfapi.OBJECT_ATTRS.insert(0, (VarObj, None, _variable_attribute))
PROPERTIES[("op", "name")] = lambda interp, obj: obj.config["name"] if is_text(obj.config["name"]) else Unknown()


# ---------------------------------------------------------------- scopes


def scope_cm(interp: Any, node: Any, name_or_scope: Any = None, default_name: Any = None, reuse: Any = None, aux: Any = True) -> VarScopeCM:
    """`tf.variable_scope(...)` as library code calls it."""
    if reuse is False:
        reuse = None
    elif not (reuse is None or reuse is True or reuse is AUTO_REUSE):
        reuse = Unknown()
    if name_or_scope is not None and not isinstance(name_or_scope, VarScope) and not is_text(name_or_scope):
        name_or_scope = Unknown()
    if default_name is not None and not is_text(default_name):
        default_name = Unknown()
    cm = VarScopeCM(name_or_scope, default_name, reuse, aux, False, node)
    cm.reuse_node = None
    cm.cause = tfapi.reuse_origin(interp, node, "reuse", -1) if reuse in (True, AUTO_REUSE) else node
    return cm


def within(interp: Any, node: Any, cm: VarScopeCM, body: Callable[[VarScope], Any]) -> Any:
    """Run `body(scope)` inside the variable scope `cm` opens."""
    scope, exit_scope = tfapi.enter_variable_scope(interp, cm, node)
    try:
        return body(scope)
    finally:
        exit_scope()


def capture(interp: Any, node: Any, cm: VarScopeCM) -> VarScope:
    """`with tf.variable_scope(...) as captured: pass`."""
    return within(interp, node, cm, lambda scope: scope)


def make_variable(interp: Any, node: Any, api: str, name: Any, shape: Any, *, trainable: Any = True) -> VarObj:
    """get_variable(name, shape, initializer=<callable>) in the current scope."""
    if not (isinstance(shape, tuple) and all(isinstance(d, int) or is_unknown(d) for d in shape)):
        shape = Unknown()
    ev = tfapi.get_variable(interp, node, api, name, shape=shape, shape_given=True, init=tfapi.Initializer(), library=True)
    return tfapi.variable_result(interp, ev, trainable, shape)


def make_variables(interp: Any, node: Any, api: str, specs: list, trainable: Any = True) -> list:
    """One library call's variables, in TF's order. Once a step's outcome is
    unknown (it may raise), what the later steps do is in doubt too."""
    out = []
    doubt = interp.doubt
    try:
        for name, shape, var_trainable in specs:
            var = make_variable(interp, node, api, name, shape, trainable=var_trainable if trainable is True else trainable)
            out.append(var)
            if is_unknown(var.name) or interp.graph.lost:
                interp.doubt += 1
            elif interp.events and interp.events[-1].outcome is None:
                interp.doubt += 1
    finally:
        interp.doubt = doubt
    return out


def make_tf_variable(interp: Any, node: Any, api: str, name: str, *, trainable: bool = False) -> VarObj:
    """A variable made like tf.Variable (not in the store): named by the name scope."""
    g = interp.graph
    real, _ = tfapi.name_scope_enter(g, tfapi.g_name_stack(interp), name)
    ev = tfapi.emit(interp, "Variable", api, node, name=real, outcome="create" if not g.lost else None)
    return tfapi.variable_result(interp, ev, trainable)


# ---------------------------------------------------------------- shapes


def dims(value: Any) -> Optional[tuple]:
    """A tensor's shape as a tuple of int/Unknown, or None if the rank is unknown."""
    shape = value.shape if isinstance(value, TFObject) else None
    if isinstance(value, ListVal):
        return None
    if not isinstance(shape, tuple):
        return None
    return tuple(d if isinstance(d, int) and not isinstance(d, bool) else Unknown() for d in shape)


def last_dim(value: Any) -> Any:
    shape = dims(value)
    return shape[-1] if shape else Unknown()


def int_or_unknown(value: Any) -> Any:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else Unknown()


def kernel_dims(kernel_size: Any, rank: int) -> tuple:
    if isinstance(kernel_size, int) and not isinstance(kernel_size, bool):
        return (kernel_size,) * rank
    items = kernel_size.items if isinstance(kernel_size, ListVal) else kernel_size if isinstance(kernel_size, tuple) else None
    if items is not None and len(items) == rank:
        return tuple(int_or_unknown(d) for d in items)
    return (Unknown(),) * rank


def tensor(shape: Any = None) -> TFObject:
    return TFObject("tensor", shape if isinstance(shape, tuple) else None)


def product(values: tuple) -> Any:
    out = 1
    for v in values:
        if not isinstance(v, int):
            return Unknown()
        out *= v
    return out


def func_name(value: Any) -> Any:
    """`layer.__name__` of a function handed to slim.repeat / slim.stack."""
    from scopelint.engine.objects import FuncVal, TFRef

    if isinstance(value, FuncVal):
        return value.name
    if isinstance(value, TFRef):
        name = tfapi.canonical(value.qual).rsplit(".", 1)[-1]
        return _FUNCTION_NAMES.get(name, name)
    return Unknown()


# slim's short names are aliases: `__name__` is the real function's.
_FUNCTION_NAMES = {
    "conv2d": "convolution2d",
    "conv1d": "convolution1d",
    "conv3d": "convolution3d",
    "conv2d_transpose": "convolution2d_transpose",
    "conv3d_transpose": "convolution3d_transpose",
    "separable_conv2d": "separable_convolution2d",
    "fc": "fully_connected",
    "linear": "fully_connected",
}


def variable_list(value: Any) -> Optional[list]:
    """A known list of variables (VarObj), else None."""
    if isinstance(value, VarObj):
        return [value]
    items = value.items if isinstance(value, ListVal) else value if isinstance(value, tuple) else None
    if items is None or not all(isinstance(v, VarObj) for v in items):
        return None
    return list(items)
