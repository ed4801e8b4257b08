"""Custom getters (`custom_getter=` on `get_variable` and `variable_scope`),
as TF's `_VariableStore.get_variable` calls them.

TF calls the getter with keyword arguments: `getter` (the store's true
getter), `name` (the full name, `s/w`), `shape`, `dtype`, `initializer`, ...
A getter of a `get_variable` call replaces its scope's; nested scopes wrap
theirs around the outer one (`inner(partial(outer, true_getter), ...)`), so
the innermost renames first. A getter the analysis can run (a function of
the analysed code) is run: each call of the true getter is a `get_variable`
of that exact full name. Any other getter makes the names unknown."""

from __future__ import annotations

from typing import Any, Optional

import scopelint.engine.library.partitions as partitions
from scopelint.engine.dispatch import REGISTRY, bind
from scopelint.engine.library.scopes import current_scope
from scopelint.engine.library.variables import (
    GET_VARIABLE_APIS,
    dtype_name,
    get_variable,
    h_get_variable,
    variable_result,
)
from scopelint.engine.model import variable_key
from scopelint.engine.objects import Builtin, FuncVal, VarObj
from scopelint.engine.protocol import Interp
from scopelint.engine.shapes import shape_of
from scopelint.engine.values import Unknown, as_text

# The keyword arguments TF passes to a custom getter, in its order.
_GETTER_ARGS = [
    "name", "shape", "dtype", "initializer", "regularizer", "reuse", "trainable", "collections",
    "caching_device", "partitioner", "validate_shape", "use_resource", "constraint",
]  # fmt: skip


def followable(getter: Any) -> bool:
    """A getter the analysis runs: a function of the analysed code."""
    return isinstance(getter, FuncVal)


def chain_for(interp: Interp, own: Any) -> Optional[tuple]:
    """The getters a get_variable call goes through (outermost first), or
    None when there is none or one cannot be followed."""
    chain = (own,) if own is not None else tuple(current_scope(interp).f.get("getters") or ())
    if not chain or not all(followable(g) for g in chain):
        return None
    return chain


def run_chain(interp: Interp, node: Any, api: str, chain: tuple, fields: dict) -> Any:
    """Call the innermost getter as TF does; what it returns is the call's value."""

    def true_getter(interp: Interp, args: list, kwargs: dict, site: Any) -> Any:
        b = bind(args, kwargs, _GETTER_ARGS)
        partitioner = b.get("partitioner")
        ev = get_variable(
            interp,
            site,
            api,
            as_text(b.get("name")),
            full_name=True,
            shape=shape_of(b.get("shape")),
            shape_given=b.get("shape") is not None,
            dtype=dtype_name(b.get("dtype")),
            init=b.get("initializer"),
            opaque=partitioner is not None and not partitions.modelled(partitioner),
            use_resource=b.get("use_resource"),
            partitioner=partitioner,
        )
        trainable = b.get("trainable", True)
        return variable_result(interp, ev, True if trainable is None else trainable, shape_of(b.get("shape")))

    getter: Any = Builtin("custom_getter.getter", true_getter)
    for outer in chain[:-1]:
        getter = Builtin("custom_getter.wrapped", _wrapped(outer, getter))
    scope = current_scope(interp)
    kwargs = {k: fields.get(k) for k in _GETTER_ARGS}
    kwargs["name"] = variable_key(scope.name, fields["name"])
    kwargs["reuse"] = scope.reuse
    kwargs["validate_shape"] = fields.get("validate_shape", True)
    return interp.call_function(chain[-1], [], {"getter": getter, **kwargs}, node, reentrant=True)


def _wrapped(outer: Any, inner_getter: Any) -> Any:
    """functools.partial(outer, getter), as TF wraps a scope's getter around the enclosing one's."""

    def call(interp: Interp, args: list, kwargs: dict, site: Any) -> Any:
        return interp.call_function(outer, [inner_getter] + list(args), kwargs, site, reentrant=True)

    return call


def h_get_variable_with_getters(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["name", "shape", "dtype", "initializer", "regularizer", "trainable", "collections",
                            "caching_device", "partitioner", "validate_shape", "use_resource", "custom_getter",
                            "constraint"])  # fmt: skip
    chain = chain_for(interp, a.get("custom_getter"))
    if chain is None or "reuse" in kwargs or current_scope(interp).f["opaque"]:
        return h_get_variable(interp, args, kwargs, node)
    fields = dict(a)
    fields["name"] = as_text(a.get("name"))
    if interp.api_name in ("get_local_variable", "contrib.slim.local_variable"):
        fields["trainable"] = False
    elif fields.get("trainable") is None:
        fields["trainable"] = True
    return run_chain(interp, node, interp.api_name, chain, fields)


REGISTRY.api(*GET_VARIABLE_APIS)(h_get_variable_with_getters)


def library_variable(interp: Interp, node: Any, api: str, name: Any, shape: Any, init: Any, trainable: Any) -> Any:
    """A library's get_variable through the scope's getters (None: there are none to follow)."""
    chain = chain_for(interp, None)
    if chain is None or current_scope(interp).f["opaque"]:
        return None
    fields = {"name": name, "shape": shape, "initializer": init, "trainable": trainable}
    value = run_chain(interp, node, api, chain, fields)
    return value if isinstance(value, VarObj) else VarObj(Unknown(), None, trainable)
