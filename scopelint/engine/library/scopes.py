"""Core TF scoping: `variable_scope`, `name_scope`, scope objects and graphs.

`enter_variable_scope` follows TF's `_enter_scope_uncached` /
`_pure_variable_scope`, `name_scope_enter` `Graph.name_scope`, and
`invalid_name` the name check `Graph.name_scope` applies.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import libcst as cst

import scopelint.engine.library.partitions as partitions
from scopelint.engine.dispatch import REGISTRY, bind
from scopelint.engine.events import ArgumentError, Kind, argument_error, emit
from scopelint.engine.model import Graph, VarScope, reuse_or, variable_key
from scopelint.engine.objects import FuncVal, GraphCM, GraphObj, NameScopeCM, TFObject, TFRef, VarScopeCM
from scopelint.engine.protocol import Interp
from scopelint.engine.shapes import DType
from scopelint.engine.values import (
    AUTO_REUSE,
    Plain,
    SymStr,
    Unknown,
    as_text,
    ends_with_slash,
    is_text,
    is_unknown,
    split_last,
    sym,
)


def name_stack(interp: Interp) -> Any:
    """The current name scope of the current graph."""
    return interp.graph.f.get("name_stack", "")


def current_scope(interp: Interp) -> VarScope:
    """The current variable scope of the current graph."""
    scope = interp.graph.f.get("vscope")
    return scope if scope is not None else interp.graph.root


# ---------------------------------------------------------------- variable_scope

_VS_ARGS = [
    "name_or_scope", "default_name", "values", "initializer", "regularizer", "caching_device",
    "partitioner", "custom_getter", "reuse", "dtype", "use_resource", "constraint", "auxiliary_name_scope",
]  # fmt: skip


@REGISTRY.api("variable_scope")
def h_variable_scope(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, _VS_ARGS)
    name_or_scope = a.get("name_or_scope")
    default_name = a.get("default_name")
    reuse = a.get("reuse")
    if reuse is False:
        reuse = None  # TF: "We don't allow non-inheriting scopes, False = None here."
        explicit_false = True
    else:
        explicit_false = False
    if name_or_scope is None and default_name is None and "name_or_scope" in a and "default_name" not in a:
        argument_error(
            interp, ArgumentError.SCOPE_NAME_REQUIRED, node, "If default_name is None then name_or_scope is required"
        )
    if not (reuse is None or reuse is True or reuse is AUTO_REUSE or is_unknown(reuse)):
        if not isinstance(reuse, (TFObject, TFRef, FuncVal)) and isinstance(reuse, (str, int, float, DType)):
            argument_error(
                interp, ArgumentError.INVALID_REUSE, node, "The reuse parameter must be True or False or None."
            )
        reuse = Unknown()
    partitioner = a.get("partitioner")
    getter = a.get("custom_getter")
    # A getter of the analysed code is run (library.getters); any other makes the names unknown.
    opaque = (getter is not None and not isinstance(getter, FuncVal)) or (
        partitioner is not None and not partitions.modelled(partitioner)
    )
    aux = a.get("auxiliary_name_scope", True)
    cm = VarScopeCM(name_or_scope, default_name, reuse, aux, opaque, node, a.get("dtype"), a.get("use_resource"))
    cm.partitioner = partitioner if partitions.modelled(partitioner) else None
    cm.getter = getter if isinstance(getter, FuncVal) else None
    cm.reuse_node = node if explicit_false else None
    cm.user_call = node
    cm.cause = reuse_origin(interp, node, "reuse", 8) if reuse in (True, AUTO_REUSE) else node
    return cm


def reuse_origin(interp: Interp, node: Any, keyword: str, position: int) -> Any:
    """Where a reuse value was decided: for `reuse=reuse` with `reuse` a
    parameter of the running function, the call site that passed it."""
    expr = None
    for i, arg in enumerate(getattr(node, "args", ())):
        if (arg.keyword is not None and arg.keyword.value == keyword) or (
            arg.keyword is None and not arg.star and i == position
        ):
            expr = arg.value
    active = interp.active_func_value()
    if isinstance(expr, cst.Name) and active is not None and interp.call_stack:
        params = active[0].node.params
        names = {p.name.value for p in list(params.params) + list(params.kwonly_params) + list(params.posonly_params)}
        if expr.value in names:
            site = interp.call_stack[-1]
            passed = any(a.keyword is not None and a.keyword.value == expr.value for a in getattr(site, "args", ()))
            positional = [p.name.value for p in list(params.posonly_params) + list(params.params)]
            if not passed and expr.value in positional:
                is_method = active[0].kind == "function" and active[0].owner is not None
                idx = positional.index(expr.value) - (1 if is_method else 0)
                plain = [a for a in getattr(site, "args", ()) if a.keyword is None and not a.star]
                passed = 0 <= idx < len(plain)
            if passed:
                return site
    return node


def enter_variable_scope(interp: Interp, cm: VarScopeCM, node: Any) -> tuple[VarScope, Callable[[], None]]:
    """variable_scope.__enter__, following TF's _enter_scope_uncached."""
    g: Graph = interp.graph
    old_scope = current_scope(interp)
    old_stack = name_stack(interp)
    nos = cm.name_or_scope
    reuse = cm.reuse
    aux = cm.aux
    new_stack = old_stack

    def open_name_scope(name: Any) -> Any:
        nonlocal new_stack
        if aux is not False and invalid_name(interp, node, old_stack, name):
            g.lose()
        if aux is False:
            if isinstance(old_stack, str) and old_stack:
                return old_stack + "/"
            return old_stack if is_unknown(old_stack) else ""
        new_stack, returned = name_scope_enter(g, old_stack, name)
        return returned

    if cm.reuse_node is not None and (old_scope.reuse if not isinstance(nos, VarScope) else nos.reuse) is True:
        # reuse=False given, but the scope reuses strictly anyway (a SCOPE event).
        # Under AUTO_REUSE it inherits AUTO_REUSE: creation stays possible,
        # which is what code passing AUTO_REUSE down usually wants.
        cause = old_scope.f["cause"] if not isinstance(nos, VarScope) else nos.f["cause"]
        emit(interp, Kind.SCOPE, "variable_scope", cm.reuse_node, record=False, cause=cause)

    if isinstance(nos, Plain):
        # Data (a flag, argv): a string or None, never a scope object.
        nos = as_text(nos)
    if nos is not None and not is_unknown(nos) and not isinstance(nos, (str, SymStr, VarScope)):
        nos = Unknown()
    counts_mode: tuple[str, Any]
    if is_unknown(nos) and cm.default_name is None:
        # Unknown name (or scope object): the scope is unknown.
        open_name_scope(Unknown())
        scope = VarScope(g, Unknown(), reuse_or(reuse, Unknown()), Unknown(), cause=node, opaque=True)
        counts_mode = ("close", Unknown())
        g.open_variable_scope(Unknown())
    elif isinstance(nos, VarScope):
        ns_name = split_last(nos.name)
        if is_text(ns_name) and ns_name == "" and aux is not False:
            pass  # re-entering the root scope opens no name scope
        else:
            open_name_scope(ns_name)
        own_reuse = nos.reuse if reuse is None else reuse
        scope = VarScope(
            g,
            nos.name,
            own_reuse,
            nos.f["name_scope"],
            cause=nos.f["cause"] if reuse is None else cm.cause,
            opaque=nos.f["opaque"] or cm.opaque,
        )
        g.open_variable_scope(nos.name)
        counts_mode = ("restore", dict(g.scope_counts.data))
    elif nos is not None:
        # A string: prolong the current variable scope.
        returned = open_name_scope(nos)
        at_root = isinstance(old_scope.name, str) and old_scope.name == ""
        new_name = nos if at_root else variable_key(old_scope.name, nos)
        eff = reuse_or(reuse, old_scope.reuse)
        cause = cm.cause if reuse in (True, AUTO_REUSE) else old_scope.f["cause"]
        scope = VarScope(g, new_name, eff, returned, cause=cause, opaque=old_scope.f["opaque"] or cm.opaque)
        g.open_variable_scope(new_name)
        counts_mode = ("close", new_name)
    else:
        # default_name: made unique among the variable scopes opened here.
        if reuse is True or reuse is AUTO_REUSE:
            argument_error(
                interp, ArgumentError.REUSE_WITHOUT_NAME, node, "reuse=True cannot be used without a name_or_scope"
            )
        returned = open_name_scope(cm.default_name)
        if is_text(cm.default_name):
            unique = g.unique_variable_scope(old_scope.name, cm.default_name)
        else:
            unique = Unknown()
        at_root = isinstance(old_scope.name, str) and old_scope.name == ""
        new_name = unique if at_root else variable_key(old_scope.name, unique)
        eff = reuse_or(None, old_scope.reuse)
        scope = VarScope(
            g, new_name, eff, returned, cause=old_scope.f["cause"], opaque=old_scope.f["opaque"] or cm.opaque
        )
        g.open_variable_scope(new_name)
        counts_mode = ("close", new_name)

    scope.f["node"] = cm.node  # where the scope was opened, for messages
    # TF: a scope object brings its partitioner, a new scope inherits the current one's.
    inherited = nos.f.get("partitioner") if isinstance(nos, VarScope) else old_scope.f.get("partitioner")
    scope.f["partitioner"] = cm.partitioner if cm.partitioner is not None else inherited
    # Custom getters: the new one wraps the scope's (object's or enclosing) own.
    outer_getters = nos.f.get("getters") if isinstance(nos, VarScope) else old_scope.f.get("getters")
    scope.f["getters"] = tuple(outer_getters or ()) + ((cm.getter,) if cm.getter is not None else ())
    # The calls an automatic fix would edit (Event.scope_call, Event.reuse_call).
    named = isinstance(nos, VarScope) or (nos is not None and not is_unknown(nos))
    if named and cm.user_call is not None:
        scope.f["opened_by"] = cm.user_call
    elif reuse is None and not is_unknown(nos):
        # A layer's own scope (or a default_name one) inherits reuse from the user's scope around it.
        scope.f["opened_by"] = old_scope.f["opened_by"]
    if reuse is True or reuse is AUTO_REUSE:
        scope.f["reuse_call"] = cm.user_call if named else None
    elif reuse is None:
        scope.f["reuse_call"] = (nos if isinstance(nos, VarScope) else old_scope).f["reuse_call"]

    if cm.use_resource is True or old_scope.f.get("resource") is True:
        scope.f["resource"] = True
    if isinstance(cm.dtype, DType):
        scope.f["dtype"] = cm.dtype.name
    elif cm.dtype is not None:
        scope.f["dtype"] = Unknown()
    elif old_scope.f.get("dtype") is not None:
        scope.f["dtype"] = old_scope.f.get("dtype")

    g.f["vscope"] = scope
    g.f["name_stack"] = new_stack
    old_ns_only = g.f.get("ns_only")
    g.f["ns_only"] = None

    def exit_scope() -> None:
        mode: str = counts_mode[0]
        arg: Any = counts_mode[1]  # the counts to restore, or the scope whose subscopes close
        if mode == "restore":
            for k in list(g.scope_counts.keys()):
                if k not in arg:
                    g.scope_counts.pop(k)
            for k, v in arg.items():
                if g.scope_counts.get(k) is not v:
                    g.scope_counts[k] = v
        else:
            g.close_variable_subscopes(arg)
        g.f["vscope"] = old_scope
        g.f["name_stack"] = old_stack
        g.f["ns_only"] = old_ns_only

    return scope, exit_scope


def name_scope_enter(g: Graph, stack: Any, name: Any) -> tuple:
    """Graph.name_scope(name): returns (new stack, the `as` value)."""
    if name is None or (isinstance(name, str) and name == ""):
        return "", ""
    slash = ends_with_slash(name)
    if slash:
        new = name[:-1] if isinstance(name, str) else sym(*name.parts[:-1], name.parts[-1][:-1])
        return new, name
    if slash is None:
        g.unique_name(stack, name)
        return Unknown(), Unknown()
    new = g.unique_name(stack, name)
    return new, sym(new, "/")


# ---------------------------------------------------------------- name validation

_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
_VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")


def invalid_name(interp: Interp, node: Any, stack: Any, name: Any) -> bool:
    """Graph.name_scope's check; reports the error and answers True if it fails."""
    if not isinstance(name, str) or not name or name.endswith("/"):
        return False
    at_root = isinstance(stack, str) and stack == ""
    if not at_root and not isinstance(stack, str):
        if _VALID_SCOPE_NAME.match(name):
            return False
        at_root = False
    pattern = _VALID_OP_NAME if at_root else _VALID_SCOPE_NAME
    if pattern.match(name):
        return False
    if at_root:
        msg = (
            f"'{name}' is not a valid root scope name. A root scope name has to match the following pattern: "
            f"{_VALID_OP_NAME.pattern}"
        )
    else:
        msg = (
            f"'{name}' is not a valid scope name. A scope name has to match the following pattern: "
            f"{_VALID_SCOPE_NAME.pattern}"
        )
    argument_error(interp, ArgumentError.INVALID_SCOPE_NAME, node, msg, value=name)
    return True


# ---------------------------------------------------------------- name_scope


def _not_text(value: Any) -> bool:
    """A value certain not to be a string (a number, a bool)."""
    return isinstance(value, (bool, int, float)) and not isinstance(value, (TFObject, TFRef, FuncVal))


@REGISTRY.api("name_scope", "v2.name_scope")
def h_name_scope(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["name", "default_name", "values"])
    name = a.get("name")
    if interp.api_name == "v2.name_scope" and len(a) == 1 and "name" in a and (name is None or _not_text(name)):
        # TF2's name_scope_v2.__init__: "name for name_scope must be a string."
        argument_error(
            interp, ArgumentError.INVALID_SCOPE_NAME, node, "name for name_scope must be a string.", value=name
        )
    if name is None and a.get("default_name") is not None:
        name = a.get("default_name")
    if name is not None and not isinstance(name, (str, SymStr)):
        name = Unknown()
    return NameScopeCM(name, node)


def enter_name_scope(interp: Interp, cm: NameScopeCM, node: Any) -> tuple[Any, Callable[[], None]]:
    g = interp.graph
    old_stack = name_stack(interp)
    if invalid_name(interp, cm.node, old_stack, cm.name):
        g.lose()
    new_stack, returned = name_scope_enter(g, old_stack, cm.name)
    g.f["name_stack"] = new_stack
    # get_variable ignores name scopes: remember which one it would drop (Event.ns_only).
    old_ns = g.f.get("ns_only")
    if cm.name not in (None, "") and not ends_with_slash(cm.name):
        g.f["ns_only"] = (cm.node, interp.call_stack[-1] if interp.call_stack else None, new_stack)
    else:
        g.f["ns_only"] = None

    def exit_ns() -> None:
        g.f["name_stack"] = old_stack
        g.f["ns_only"] = old_ns

    return returned, exit_ns


REGISTRY.kind(VarScopeCM).enter = enter_variable_scope
REGISTRY.kind(NameScopeCM).enter = enter_name_scope


# ---------------------------------------------------------------- scope objects


@REGISTRY.api("get_variable_scope", value_only=True)
def h_get_variable_scope(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    return current_scope(interp)


def _reuse_variables(interp: Interp, scope: VarScope, args: list, kwargs: dict, node: Any) -> None:
    scope.reuse_variables(node)


def _scope_attribute(interp: Interp, scope: VarScope, attr: str, node: Any) -> Any:
    return TFObject()


_VAR_SCOPE = REGISTRY.kind(VarScope)
_VAR_SCOPE.methods["reuse_variables"] = _reuse_variables
_VAR_SCOPE.properties.update(
    name=lambda interp, scope: scope.name,
    original_name_scope=lambda interp, scope: scope.f["name_scope"],
    reuse=lambda interp, scope: scope.reuse,
)
_VAR_SCOPE.attribute = _scope_attribute


# ---------------------------------------------------------------- graphs


@REGISTRY.api("reset_default_graph")
def h_reset_default_graph(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    if len(interp.graphs()) > 1:
        argument_error(
            interp,
            ArgumentError.RESET_NESTED_GRAPH,
            node,
            "Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared graph, "
            "exit the nesting and create a new graph.",
        )
        return None
    old = interp.graph
    new = Graph()
    if old.f.get("vscope") not in (None, old.root) or old.f.get("name_stack"):
        new.lose()  # reset inside a scope block: TF's later exits are not modelled
    interp.set_graphs((new,))
    return None


# A graph is only a value: what reports is what is done with it.
@REGISTRY.api("Graph", value_only=True)
def h_graph(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    return GraphObj(Graph())


@REGISTRY.api("get_default_graph", value_only=True)
def h_get_default_graph(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    return GraphObj(interp.graph)


def _enter_graph(interp: Interp, cm: GraphCM, node: Any) -> tuple[Any, Callable[[], None]]:
    interp.push_graph(cm.graph)
    return cm.graph, interp.pop_graph


_GRAPH = REGISTRY.kind(GraphObj)
_GRAPH.methods["as_default"] = lambda interp, obj, args, kwargs, node: GraphCM(obj.graph)
_GRAPH.attribute = lambda interp, obj, attr, node: TFObject()
REGISTRY.kind(GraphCM).enter = _enter_graph
