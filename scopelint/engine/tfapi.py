"""TensorFlow's scoping APIs: how each call changes the model.

APIs are recognised by the qualified name an import gave them
(`tensorflow.compat.v1.variable_scope`), never by the text `tf`.
Library APIs that make variables for the user (layers, RNN cells,
optimizers, slim) register their handlers from `library.py`.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Optional

from scopelint.engine.model import (
    Event,
    Graph,
    VarRecord,
    VarScope,
    reuse_or,
    reuse_truthy,
    variable_key,
)
from scopelint.engine.objects import (
    BoundMethod,
    Builtin,
    FuncVal,
    GraphCM,
    GraphObj,
    ListVal,
    NameScopeCM,
    NullCM,
    TFObject,
    TFRef,
    VarObj,
    VarScopeCM,
)
from scopelint.engine.values import (
    AUTO_REUSE,
    Plain,
    as_text,
    Maybe,
    SymStr,
    Unknown,
    ends_with_slash,
    is_text,
    is_unknown,
    known,
    render,
    split_last,
    sym,
)

# ---------------------------------------------------------------- names

_PREFIXES = (
    ("tensorflow.compat.v1.", ""),
    ("tensorflow.compat.v2.", "v2."),
    ("tensorflow.python.ops.variable_scope.", ""),
    ("tensorflow.python.ops.variables.", ""),
    ("tensorflow.python.ops.template.", ""),
    ("tensorflow.python.framework.ops.", ""),
    ("tensorflow.python.ops.rnn_cell_impl.", "nn.rnn_cell."),
    ("tensorflow.python.ops.rnn_cell.", "nn.rnn_cell."),
    ("tensorflow.python.ops.rnn.", "nn."),
    ("tensorflow.python.layers.core.", "layers."),
    ("tensorflow.python.layers.convolutional.", "layers."),
    ("tensorflow.python.layers.normalization.", "layers."),
    ("tensorflow.python.layers.", "layers."),
    ("tensorflow.python.training.", "train."),
    ("tensorflow.contrib.", "contrib."),
    ("tf_slim.", "contrib.slim."),
    ("tensorflow.", ""),
)

ALIASES = {
    "VariableV1": "Variable",
    "v2.Variable": "Variable",
    "compat.v2.Variable": "Variable",
    "initialize_all_variables": "global_variables_initializer",
    "contrib.slim.layers.": "contrib.slim.",
}


def canonical(qual: str) -> str:
    """`tensorflow.compat.v1.layers.dense` -> `layers.dense`."""
    if qual in ("tensorflow", "tensorflow.compat.v1", "tensorflow.compat"):
        return ""
    if qual == "tf_slim":
        return "contrib.slim"
    q = qual
    for prefix, repl in _PREFIXES:
        if q.startswith(prefix):
            q = repl + q[len(prefix) :]
            break
    while q.startswith("compat.v1."):
        q = q[len("compat.v1.") :]
    if q.startswith("compat.v2."):
        q = "v2." + q[len("compat.v2.") :]
    if q.startswith("contrib.layers."):
        q = "contrib.slim." + q[len("contrib.layers.") :]
    elif q.startswith("contrib.framework."):
        q = "contrib.slim." + q[len("contrib.framework.") :]
    elif q.startswith("contrib.rnn."):
        rest = q[len("contrib.rnn.") :]
        q = ("nn." if rest.endswith("_rnn") else "nn.rnn_cell.") + rest
    # tf_slim's own modules, as its nets import them: tf_slim.layers.layers.conv2d,
    # tf_slim.ops.arg_scope.arg_scope, tf_slim.ops.variables.variable
    while q.startswith(("contrib.slim.layers.", "contrib.slim.ops.")):
        q = "contrib.slim." + q.split(".", 3)[3]
    if q.startswith("contrib.slim.arg_scope.") or q.startswith("contrib.slim.variables."):
        q = "contrib.slim." + q.split(".", 3)[3]
    if q.startswith("keras.") or q.startswith("v2.keras."):
        q = "keras." + q.split("keras.", 1)[1]
    return ALIASES.get(q, q)


class DType:
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DType) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


_DTYPES = {
    "float16", "float32", "float64", "bfloat16", "int8", "int16", "int32", "int64",
    "uint8", "uint16", "bool", "string", "complex64", "complex128", "half", "double",
}
_DTYPE_ALIASES = {"half": "float16", "double": "float64"}


def attribute(ref: TFRef, attr: str) -> Any:
    qual = f"{ref.qual}.{attr}"
    name = canonical(qual)
    if name == "AUTO_REUSE":
        return AUTO_REUSE
    if name in _DTYPES:
        return DType(_DTYPE_ALIASES.get(name, name))
    return TFRef(qual)


# Handlers: canonical name -> fn(interp, args, kwargs, node) -> value
HANDLERS: dict = {}
# Canonical names whose handlers only build values (tensors, shapes,
# initializers, graphs, scope objects, lists) and never emit an event:
# a module that names no other handler cannot report (engine/vocabulary.py).
VALUE_APIS: set = set()
# Methods of objects the library makes: (object type, attr) -> fn
OBJECT_ATTRS: list = []
# Calling a library object (layer instance, template...): type -> fn
OBJECT_CALLS: dict = {}


def handler(*names: str) -> Callable:
    def deco(fn: Callable) -> Callable:
        for n in names:
            HANDLERS[n] = fn
        return fn

    return deco


def value_api(*names: str) -> None:
    """Declare handlers that never emit an event (see VALUE_APIS)."""
    VALUE_APIS.update(names)


def bind(args: list, kwargs: dict, names: list) -> dict:
    """Positional + keyword arguments onto a TF signature."""
    out = dict(zip(names, args))
    out.update(kwargs)
    return out


# ---------------------------------------------------------------- dispatch

_CALLBACK_APIS = {
    "cond": (1, 2),
    "case": (),
    "while_loop": (0, 1),
    "map_fn": (0,),
    "scan": (0,),
    "foldl": (0,),
    "foldr": (0,),
    "smart_cond": (1, 2),
}


def call(interp: Any, ref: TFRef, args: list, kwargs: dict, node: Any) -> Any:
    name = canonical(ref.qual)
    result = _call(interp, name, args, kwargs, node)
    if isinstance(result, (VarScope, GraphObj, GraphCM, VarObj)):
        interp.graph_refs += 1  # a value tied to this program's graph (project_modules)
    return result


def _call(interp: Any, name: str, args: list, kwargs: dict, node: Any) -> Any:
    fn = HANDLERS.get(name)
    if fn is not None:
        interp.api_name = name
        return fn(interp, args, kwargs, node)
    if _is_initializer_api(name):
        return Initializer()
    from scopelint.engine.library.training import _unknown_optimizer, may_create_variables

    if name.startswith("train.") and name.endswith("Optimizer"):
        return _unknown_optimizer(interp, args, kwargs, node)
    if may_create_variables(name):
        # A library call the analysis does not model: it may make variables.
        interp.graph.open_store()
        return TFObject(name)
    if name == "app.run":
        return interp.run_main(args, kwargs, node)
    if name in _CALLBACK_APIS:
        for idx in _CALLBACK_APIS[name]:
            cb = args[idx] if idx < len(args) else None
            if isinstance(cb, (FuncVal, BoundMethod)):
                interp.call(cb, [], {}, node) if isinstance(cb, BoundMethod) else interp.call_function(cb, [Unknown()] * _arity(cb), {}, node)
        for k in ("true_fn", "false_fn", "fn1", "fn2", "body", "cond", "fn"):
            cb = kwargs.get(k)
            if isinstance(cb, FuncVal):
                interp.call_function(cb, [Unknown()] * _arity(cb), {}, node)
        return TFObject()
    # Any other op: its explicit name takes a slot in the name table (a later
    # tf.Variable or name_scope of that name gets `_1`).
    op_name = kwargs.get("name")
    if isinstance(op_name, str) and op_name and not name.startswith(("train.", "keras.", "contrib.", "estimator.")) and name[:1].islower():
        g = interp.graph
        g.unique_name(g_name_stack(interp), op_name)
    return TFObject(name)


def _arity(func: FuncVal) -> int:
    params = func.node.params
    return len(params.params) + len(params.posonly_params)


def call_object(interp: Any, callee: Any, args: list, kwargs: dict, node: Any) -> Any:
    fn = OBJECT_CALLS.get(type(callee))
    if fn is not None:
        return fn(interp, callee, args, kwargs, node)
    if isinstance(callee, TFObject):
        return TFObject()
    return NotImplemented


def object_attribute(interp: Any, obj: Any, attr: str, node: Any) -> Any:
    if isinstance(obj, VarScope):
        if attr == "reuse_variables":
            return Builtin("VariableScope.reuse_variables", lambda i, a, k, n: _reuse_variables(i, obj, n))
        if attr == "name":
            return obj.name
        if attr == "original_name_scope":
            return obj.f["name_scope"]
        if attr == "reuse":
            return obj.reuse
        return TFObject()
    if isinstance(obj, GraphObj):
        if attr == "as_default":
            return Builtin("Graph.as_default", lambda i, a, k, n: GraphCM(obj.graph))
        return TFObject()
    for typ, name, fn in OBJECT_ATTRS:
        if isinstance(obj, typ) and (name is None or name == attr):
            result = fn(interp, obj, attr, node)
            if result is not NotImplemented:
                return result
    if isinstance(obj, TFObject):
        if attr == "shape" and obj.shape is not None:
            return obj.shape if not isinstance(obj.shape, tuple) else tuple(obj.shape)
        if attr == "get_shape" and obj.shape is not None:
            return Builtin("Tensor.get_shape", lambda i, a, k, n: tuple(obj.shape) if isinstance(obj.shape, tuple) else Unknown())
        return TFObject()
    return Unknown()


def instance_attribute(interp: Any, inst: Any, attr: str) -> Any:
    return None


def instantiate_foreign_base(interp: Any, inst: Any, args: list, kwargs: dict, node: Any) -> None:
    """A class deriving from something we cannot see: its __init__ may do anything."""
    interp.graph.open_store()


class TemplateCall:
    pass


def g_name_stack(interp: Any) -> Any:
    return interp.graph.f.get("name_stack", "")


def g_scope(interp: Any) -> VarScope:
    scope = interp.graph.f.get("vscope")
    return scope if scope is not None else interp.graph.root


# ---------------------------------------------------------------- events


def emit(interp: Any, kind: str, api: str, node: Any, **kw: Any) -> Event:
    ev = Event(kind=kind, api=api, node=node, stack=tuple(interp.call_stack) + (node,), **kw)
    if interp.silent:
        ev.certain = False
        ev.record = False
    if interp.unknown_loops:
        ev.detail["unknown_loop"] = True
    if interp.second_pass or interp.replay:
        ev.record = False  # a loop's second pass: what it makes was named by the first
    if interp.second_pass:
        loop, depth = interp.loop_nodes[-1]
        ev.detail["second_pass"] = loop
        ev.detail["loop_call"] = ev.stack[depth]  # the call in the loop's body that leads here
    if interp.try_depth:
        ev.detail["caught"] = True
    if interp.doubt:
        ev.certain = False
    if interp.alone:
        ev.detail["alone"] = True
    interp.events.append(ev)
    return ev


ERROR_OUTCOMES = frozenset({"exists", "missing", "shape", "dtype", "noshape", "error"})


def raise_if_certain(interp: Any, ev: Event) -> Event:
    """TF raises here: the path ends, as the program would (unless a try
    around it catches the error, in which case the call is a no-op)."""
    if ev.outcome in ERROR_OUTCOMES and ev.certain and not ev.detail.get("caught"):
        from scopelint.engine.interpreter import RaiseSignal

        raise RaiseSignal()
    return ev


def error_event(interp: Any, code: str, node: Any, message: str, api: str = "") -> Event:
    """An argument error TF raises whatever the scope state (SCO1xx)."""
    ev = emit(interp, "error", api, node, outcome="error", record=False, detail={"code": code, "message": message})
    return raise_if_certain(interp, ev)


# ---------------------------------------------------------------- variable_scope

_VS_ARGS = [
    "name_or_scope", "default_name", "values", "initializer", "regularizer", "caching_device",
    "partitioner", "custom_getter", "reuse", "dtype", "use_resource", "constraint", "auxiliary_name_scope",
]


@handler("variable_scope")
def h_variable_scope(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
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
        error_event(interp, "SCO105", node, "If default_name is None then name_or_scope is required")
    if not (reuse is None or reuse is True or reuse is AUTO_REUSE or is_unknown(reuse)):
        if not isinstance(reuse, (TFObject, TFRef, FuncVal)) and isinstance(reuse, (str, int, float, DType)):
            error_event(interp, "SCO106", node, "The reuse parameter must be True or False or None.")
        reuse = Unknown()
    opaque = any(a.get(k) is not None for k in ("custom_getter", "partitioner"))
    aux = a.get("auxiliary_name_scope", True)
    cm = VarScopeCM(name_or_scope, default_name, reuse, aux, opaque, node, a.get("dtype"), a.get("use_resource"))
    cm.reuse_node = node if explicit_false else None
    cm.cause = reuse_origin(interp, node, "reuse", 8) if reuse in (True, AUTO_REUSE) else node
    return cm


def reuse_origin(interp: Any, node: Any, keyword: str, position: int) -> Any:
    """Where a reuse value was decided: for `reuse=reuse` with `reuse` a
    parameter of the running function, the call site that passed it."""
    import libcst as cst

    expr = None
    for i, arg in enumerate(getattr(node, "args", ())):
        if (arg.keyword is not None and arg.keyword.value == keyword) or (arg.keyword is None and not arg.star and i == position):
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
                idx = positional.index(expr.value) - (1 if active[0].kind == "function" and active[0].owner is not None else 0)
                plain = [a for a in getattr(site, "args", ()) if a.keyword is None and not a.star]
                passed = 0 <= idx < len(plain)
            if passed:
                return site
    return node


def enter_variable_scope(interp: Any, cm: VarScopeCM, node: Any):
    """variable_scope.__enter__, following TF's _enter_scope_uncached."""
    g: Graph = interp.graph
    old_scope = g_scope(interp)
    old_stack = g_name_stack(interp)
    nos = cm.name_or_scope
    reuse = cm.reuse
    aux = cm.aux
    new_stack = old_stack

    def open_name_scope(name: Any) -> Any:
        nonlocal new_stack
        if aux is not False and invalid_name(interp, node, old_stack, name):
            g.lose()
        if aux is False:
            return old_stack + "/" if isinstance(old_stack, str) and old_stack else old_stack if is_unknown(old_stack) else ""
        new_stack, returned = name_scope_enter(g, old_stack, name)
        return returned

    if cm.reuse_node is not None and (old_scope.reuse if not isinstance(nos, VarScope) else nos.reuse) is True:
        # reuse=False given, but the scope reuses strictly anyway (SCO203).
        # Under AUTO_REUSE it inherits AUTO_REUSE: creation stays possible,
        # which is what code passing AUTO_REUSE down usually wants.
        emit(interp, "scope", "variable_scope", cm.reuse_node, record=False, detail={"reuse_false_ignored": True, "cause": old_scope.f["cause"] if not isinstance(nos, VarScope) else nos.f["cause"]})

    if isinstance(nos, Plain):
        # Data (a flag, argv): a string or None, never a scope object.
        nos = as_text(nos)
    if nos is not None and not is_unknown(nos) and not isinstance(nos, (str, SymStr, VarScope)):
        nos = Unknown()
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
            cause=nos.f["cause"] if reuse is None else getattr(cm, "cause", node),
            opaque=nos.f["opaque"] or cm.opaque,
        )
        g.open_variable_scope(nos.name)
        counts_mode = ("restore", dict(g.scope_counts.data))
    elif nos is not None:
        # A string: prolong the current variable scope.
        returned = open_name_scope(nos)
        new_name = variable_key(old_scope.name, nos) if not (isinstance(old_scope.name, str) and old_scope.name == "") else nos
        eff = reuse_or(reuse, old_scope.reuse)
        cause = getattr(cm, "cause", node) if reuse in (True, AUTO_REUSE) else old_scope.f["cause"]
        scope = VarScope(g, new_name, eff, returned if aux is not False else returned, cause=cause, opaque=old_scope.f["opaque"] or cm.opaque)
        g.open_variable_scope(new_name)
        counts_mode = ("close", new_name)
    else:
        # default_name: made unique among the variable scopes opened here.
        if reuse is True or reuse is AUTO_REUSE:
            error_event(interp, "SCO107", node, "reuse=True cannot be used without a name_or_scope")
        returned = open_name_scope(cm.default_name)
        unique = g.unique_variable_scope(old_scope.name, cm.default_name) if is_text(cm.default_name) else Unknown()
        new_name = variable_key(old_scope.name, unique) if not (isinstance(old_scope.name, str) and old_scope.name == "") else unique
        eff = reuse_or(None, old_scope.reuse)
        scope = VarScope(g, new_name, eff, returned, cause=old_scope.f["cause"], opaque=old_scope.f["opaque"] or cm.opaque)
        g.open_variable_scope(new_name)
        counts_mode = ("close", new_name)

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
    saved = (g, old_scope, old_stack)

    def exit_scope() -> None:
        graph, prev_scope, prev_stack = saved
        mode, arg = counts_mode
        if mode == "restore":
            for k in list(graph.scope_counts.keys()):
                if k not in arg:
                    graph.scope_counts.pop(k)
            for k, v in arg.items():
                if graph.scope_counts.get(k) is not v:
                    graph.scope_counts[k] = v
        else:
            graph.close_variable_subscopes(arg)
        graph.f["vscope"] = prev_scope
        graph.f["name_stack"] = prev_stack
        graph.f["ns_only"] = old_ns_only

    return scope, exit_scope


def name_scope_enter(g: Graph, stack: Any, name: Any):
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


def invalid_name(interp: Any, node: Any, stack: Any, name: Any) -> bool:
    """Graph.name_scope's check; reports SCO111 and answers True if it fails."""
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
        msg = f"'{name}' is not a valid root scope name. A root scope name has to match the following pattern: {_VALID_OP_NAME.pattern}"
    else:
        msg = f"'{name}' is not a valid scope name. A scope name has to match the following pattern: {_VALID_SCOPE_NAME.pattern}"
    error_event(interp, "SCO111", node, msg)
    return True


# ---------------------------------------------------------------- name_scope


@handler("name_scope", "v2.name_scope")
def h_name_scope(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["name", "default_name", "values"])
    name = a.get("name")
    if name is None and a.get("default_name") is not None:
        name = a.get("default_name")
    if name is not None and not isinstance(name, (str, SymStr)):
        name = Unknown()
    return NameScopeCM(name, node)


def enter_name_scope(interp: Any, cm: NameScopeCM):
    g = interp.graph
    old_stack = g_name_stack(interp)
    if invalid_name(interp, cm.node, old_stack, cm.name):
        g.lose()
    new_stack, returned = name_scope_enter(g, old_stack, cm.name)
    g.f["name_stack"] = new_stack
    # get_variable ignores name scopes: remember which one it would drop (SCO201).
    old_ns = g.f.get("ns_only")
    g.f["ns_only"] = (cm.node, interp.call_stack[-1] if interp.call_stack else None, new_stack) if cm.name not in (None, "") and not ends_with_slash(cm.name) else None

    def exit_ns() -> None:
        g.f["name_stack"] = old_stack
        g.f["ns_only"] = old_ns

    return returned, exit_ns


# ---------------------------------------------------------------- scopes and graphs


@handler("get_variable_scope")
def h_get_variable_scope(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    return g_scope(interp)


def _reuse_variables(interp: Any, scope: VarScope, node: Any) -> None:
    scope.reuse_variables(node)
    return None


@handler("reset_default_graph")
def h_reset_default_graph(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    if len(interp._graphs()) > 1:
        error_event(
            interp,
            "SCO109",
            node,
            "Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared graph, exit the nesting and create a new graph.",
        )
        return None
    old = interp.graph
    new = Graph()
    if old.f.get("vscope") not in (None, old.root) or old.f.get("name_stack"):
        new.lose()  # reset inside a scope block: TF's later exits are not modelled
    interp.world["graphs"] = (new,)
    return None


@handler("Graph")
def h_graph(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    return GraphObj(Graph())


@handler("get_default_graph")
def h_get_default_graph(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    return GraphObj(interp.graph)


# A scope object or a graph is only a value: what reports is what is done with it.
value_api("get_variable_scope", "Graph", "get_default_graph")


# ---------------------------------------------------------------- shapes and initializers


def shape_of(value: Any) -> Any:
    """A shape argument as a tuple of int/None, or Unknown."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    items = value.items if isinstance(value, ListVal) else value if isinstance(value, tuple) else None
    if items is None:
        return Unknown()
    out = []
    for item in items:
        if item is None or (isinstance(item, int) and not isinstance(item, bool)):
            out.append(item)
        else:
            out.append(Unknown())
    return tuple(out)


def shape_known(shape: Any) -> bool:
    return isinstance(shape, tuple) and not any(is_unknown(d) for d in shape)


def render_shape(shape: Any) -> str:
    """TensorShape.__str__ in TF1 mode: (3, 2), (1,), (?, 3), <unknown>."""
    if shape is None:
        return "<unknown>"
    dims = ["?" if d is None else str(d) for d in shape]
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join(dims) + ")"


def shapes_compatible(a: Any, b: Any) -> Optional[bool]:
    if a is None or b is None:
        return True
    if not shape_known(a) or not shape_known(b):
        return None
    if len(a) != len(b):
        return False
    return all(x is None or y is None or x == y for x, y in zip(a, b))


class Initializer:
    """The result of tf.*_initializer(...): a callable initializer."""

    __slots__ = ()


def initializer_kind(value: Any) -> str:
    """'none' | 'callable' | 'value' | 'unknown'."""
    if value is None:
        return "none"
    if isinstance(value, Initializer) or isinstance(value, (FuncVal, BoundMethod)):
        return "callable"
    if isinstance(value, (int, float, ListVal, tuple)) and not isinstance(value, bool):
        return "value"
    if isinstance(value, TFObject) and value.kind in _TENSOR_MAKERS:
        return "value"
    return "unknown"


_TENSOR_MAKERS = {
    "constant", "zeros", "ones", "random_normal", "truncated_normal", "random_uniform", "fill",
    "zeros_like", "ones_like", "eye", "convert_to_tensor", "random.normal", "random.uniform",
    "random.truncated_normal", "linspace", "range",
}


def value_shape_dtype(value: Any):
    """Shape and dtype of a Python value initializer (nested lists)."""
    def walk(v):
        if isinstance(v, bool):
            return None
        if isinstance(v, int):
            return (), "int32"
        if isinstance(v, float):
            return (), "float32"
        items = v.items if isinstance(v, ListVal) else v if isinstance(v, tuple) else None
        if items is None or not items:
            return None
        subs = [walk(i) for i in items]
        if any(s is None for s in subs) or len({s[0] for s in subs}) != 1:
            return None
        dtype = "float32" if any(s[1] == "float32" for s in subs) else "int32"
        return (len(items),) + subs[0][0], dtype

    result = walk(value)
    return result if result is not None else (Unknown(), Unknown())


def _is_initializer_api(name: str) -> bool:
    return name.endswith("_initializer") or ".initializers." in f".{name}" or name.startswith(("initializers.", "keras.initializers.", "contrib.slim.xavier", "contrib.slim.variance_scaling"))


# ---------------------------------------------------------------- get_variable

_GV_ARGS = [
    "name", "shape", "dtype", "initializer", "regularizer", "trainable", "collections",
    "caching_device", "partitioner", "validate_shape", "use_resource", "custom_getter", "constraint",
]


@handler("get_variable", "get_local_variable", "contrib.slim.variable", "contrib.slim.model_variable", "contrib.slim.local_variable", "contrib.slim.global_variable")
def h_get_variable(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, _GV_ARGS)
    api = interp.api_name
    if "reuse" in kwargs and api in ("get_variable", "get_local_variable"):
        error_event(interp, "SCO108", node, "get_variable() got an unexpected keyword argument 'reuse'")
        return TFObject("variable")
    name = as_text(a.get("name"))
    opaque = a.get("partitioner") is not None or a.get("custom_getter") is not None
    dtype = a.get("dtype")
    trainable = a.get("trainable", None)
    if api in ("get_local_variable", "contrib.slim.local_variable"):
        trainable = False
    elif trainable is None:
        trainable = True
    ev = get_variable(
        interp,
        node,
        api,
        name,
        shape=shape_of(a.get("shape")),
        shape_given="shape" in a and a.get("shape") is not None,
        dtype=dtype.name if isinstance(dtype, DType) else (dtype if isinstance(dtype, str) else (None if dtype is None else Unknown())),
        init=a.get("initializer"),
        opaque=opaque,
        use_resource=a.get("use_resource"),
    )
    return variable_result(interp, ev, trainable, shape_of(a.get("shape")))


def variable_result(interp: Any, ev: Optional[Event], trainable: Any = True, shape: Any = None) -> VarObj:
    """The variable object a creating/reusing call returns; a new trainable
    variable joins the graph's trainable list (an unknown outcome makes it unknown)."""
    present = ev is not None and ev.detail.get("present") is True
    known = ev is not None and (ev.outcome in ("create", "reuse") or present) and ev.name is not None
    var = VarObj(ev.name if known else Unknown(), shape if shape_known(shape) else None, trainable)
    outcome = ev.outcome if ev is not None else None
    if trainable is not False and not present and (outcome == "create" or outcome is None):
        g = interp.graph
        if outcome == "create" and trainable is True:
            g.add_trainable(var)
        elif outcome is None and trainable is True and ev is not None and isinstance(ev.name, str) and not ev.detail.get("code"):
            # Created now or found: either way a variable of this name exists
            # afterwards (unless the call raised, which ends the path).
            known_vars = g.trainables
            if isinstance(known_vars, tuple) and not any(v.name == ev.name for v in known_vars):
                var = VarObj(ev.name, var.shape, trainable)
                g.add_trainable(var)
        else:
            g.f["trainables"] = Unknown()
    return var


def get_variable(interp: Any, node: Any, api: str, name: Any, **kw: Any) -> Optional[Event]:
    """_VariableStore.get_variable in the current variable scope; a certain
    error ends the path."""
    ev = _get_variable(interp, node, api, name, **kw)
    return raise_if_certain(interp, ev)


def _get_variable(
    interp: Any,
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
    reuse_override: Any = None,
    library: bool = False,
) -> Optional[Event]:
    """_VariableStore.get_variable in the current variable scope."""
    g: Graph = interp.graph
    scope = g_scope(interp)
    key = variable_key(scope.name, name)
    reuse = scope.reuse if reuse_override is None else reuse_override
    kind = initializer_kind(init)
    if kind == "value":
        if isinstance(init, ValueTensor):
            vshape, vdtype = (init.shape if init.shape is not None else Unknown()), init.dtype
        else:
            vshape, vdtype = value_shape_dtype(init) if not isinstance(init, TFObject) else (Unknown(), Unknown())
    else:
        vshape, vdtype = None, None
    dtype_given = dtype is not None
    if dtype is None:
        dtype = vdtype if kind == "value" else scope.f.get("dtype") or "float32"
    resource = use_resource is True or scope.f.get("resource") is True
    detail: dict = {"scope_cause": scope.f["cause"], "short_name": name}
    ns_only = g.f.get("ns_only")
    if ns_only is not None and not library:
        detail["ns_only"] = ns_only
    ev = emit(interp, "get_variable", api, node, key=key, detail=detail)
    if opaque or scope.f["opaque"] or g.lost:
        # A custom getter or partitioner decides the real names.
        ev.name = sym(key, Unknown()) if is_text(key) else Unknown()
        ev.outcome = None
        ev.record = ev.record and not (opaque or scope.f["opaque"])
        g.open_store()
        return ev
    ev.detail["reuse"] = reuse

    if kind == "value" and shape_given:
        ev.outcome = "error"
        ev.detail.update(code="SCO110", message="If initializer is a constant, do not specify shape.")
        return ev

    present, rec = g.lookup(key)
    truthy = reuse_truthy(reuse)
    strict_true = reuse is True
    if present is True and reuse is False:
        ev.outcome = "exists"
        ev.detail["first"] = rec.event
        ev.name = rec.name
        return ev
    if present is True and truthy:
        ev.name = rec.name
        ev.detail["first"] = rec.event
        # A value initializer comes without shape= (else SCO110 above): TF
        # checks only a shape passed as shape= against the existing variable.
        spec_shape = shape if shape_given else None
        compat = shapes_compatible(spec_shape, rec.shape)
        if compat is False:
            ev.outcome = "shape"
            ev.detail["message"] = (
                f"Trying to share variable {render(key)}, but specified shape {render_shape(spec_shape)} "
                f"and found shape {render_shape(rec.shape)}."
            )
            return ev
        # Without dtype=, TF asks for the scope's dtype (float32), whatever the
        # initializer (a value's own dtype only matters when creating): that is compared.
        asked = dtype if dtype_given else scope.f.get("dtype") or "float32"
        explicit_dtype = asked if isinstance(asked, str) else None
        if explicit_dtype and isinstance(rec.dtype, str) and explicit_dtype != rec.dtype:
            ref = "" if rec.resource else "_ref"
            ev.outcome = "dtype"
            ev.detail["message"] = (
                f"Trying to share variable {render(key)}, but specified dtype {explicit_dtype} "
                f"and found dtype {rec.dtype}{ref}."
            )
            return ev
        ev.outcome = "reuse" if compat is not None else None
        ev.detail["present"] = True  # reused or a shape error: never a new variable
        return ev
    if present is False and strict_true:
        ev.outcome = "missing"
        ev.name = key
        return ev
    if present is False and (reuse is False or reuse is AUTO_REUSE):
        # A new variable: its shape must be known unless the value gives it.
        full_shape = shape if shape_given else None
        if kind in ("none", "callable") and (full_shape is None or (shape_known(full_shape) and None in full_shape)):
            ev.outcome = "noshape"
            ev.detail["message"] = (
                f"Variable {render(key)} did not get an initializer, so its `shape` argument must be specified."
                if kind == "none" and full_shape is None
                else "The initializer passed is not valid. It should be a callable with no arguments and the shape should not be provided or an instance of `tf.keras.initializers.*' and `shape` should be fully defined."
            )
            return ev
        if invalid_name(interp, node, "", key):
            ev.outcome = "error"
            ev.record = False
            return ev
        if ends_with_slash(key):
            # `scope/` (slot variables: get_variable("") in a scope) names the
            # variable absolutely: no uniquification.
            real = key[:-1] if isinstance(key, str) else sym(*key.parts[:-1], key.parts[-1][:-1])
        else:
            real = g.unique_name("", key)
        ev.name = real
        ev.outcome = "create"
        rec_shape = vshape if kind == "value" else (full_shape if full_shape is not None else Unknown())
        if kind == "unknown":
            rec_shape = Unknown() if not shape_given else full_shape
        g.add(key, VarRecord(key, real, rec_shape, dtype if isinstance(dtype, str) else Unknown(), ev, resource=resource))
        return ev
    # Unknown presence or reuse: the outcome is unknown, but afterwards the
    # key is there (created or found) unless the call failed.
    ev.outcome = None
    if present is True:
        ev.name = rec.name
    elif present is None and rec is not None:
        ev.name = rec.name
    elif g.f["store_open"] and is_text(key):
        # Something unseen may have made it (a partitioner: `key/part_0`).
        ev.name = sym(key, Unknown())
    else:
        ev.name = key
    if present is not True:
        if isinstance(key, str):
            g.store[key] = Maybe(rec)
        elif isinstance(key, SymStr):
            g.sym_store[key] = True
            g.store[key] = Maybe(rec)
        else:
            g.open_store()
    return ev


# ---------------------------------------------------------------- tf.Variable


@handler("Variable")
def h_variable(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["initial_value", "trainable", "collections", "validate_shape", "caching_device", "name"])
    name = a.get("name")
    if name is None:
        name = "Variable"
    elif not is_text(name):
        name = Unknown()
    g = interp.graph
    if invalid_name(interp, node, g_name_stack(interp), name):
        return TFObject("variable")
    real, _returned = name_scope_enter(g, g_name_stack(interp), name)
    scope = g_scope(interp)
    ev = emit(interp, "Variable", "Variable", node, name=real, outcome="create" if not g.lost else None)
    ev.detail["reuse"] = scope.reuse
    ev.detail["scope_cause"] = scope.f["cause"]
    trainable = a.get("trainable", True)
    return variable_result(interp, ev, True if trainable is None else trainable if isinstance(trainable, bool) else Unknown())


# ---------------------------------------------------------------- initializers


def _initializer_handler(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    return Initializer()


def is_initializer_call(name: str) -> bool:
    return _is_initializer_api(name)


_INIT_NAMES = [
    "constant_initializer", "zeros_initializer", "ones_initializer", "random_normal_initializer",
    "truncated_normal_initializer", "random_uniform_initializer", "glorot_uniform_initializer",
    "glorot_normal_initializer", "variance_scaling_initializer", "orthogonal_initializer",
    "uniform_unit_scaling_initializer", "identity_initializer", "he_normal", "he_uniform",
    "contrib.slim.xavier_initializer", "contrib.slim.xavier_initializer_conv2d",
    "contrib.slim.variance_scaling_initializer",
]
for _n in _INIT_NAMES:
    HANDLERS[_n] = _initializer_handler
_TENSOR_MAKERS = ("zeros", "ones", "constant", "random_normal", "truncated_normal", "random_uniform", "fill", "eye", "convert_to_tensor", "random.normal", "random.uniform", "random.truncated_normal")
for _n in _TENSOR_MAKERS:
    HANDLERS.setdefault(_n, lambda interp, args, kwargs, node, _n=_n: _tensor_maker(interp, args, kwargs, node, _n))
value_api(*_INIT_NAMES, *_TENSOR_MAKERS, "placeholder")


@handler("placeholder")
def h_placeholder(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["dtype", "shape", "name"])
    _tensor_maker(interp, args, kwargs, node, "placeholder")
    return TFObject("tensor", shape_of(a.get("shape")) if a.get("shape") is not None else Unknown())


def _tensor_maker(interp: Any, args: list, kwargs: dict, node: Any, name: str) -> Any:
    op_name = kwargs.get("name")
    if isinstance(op_name, str) and op_name:
        interp.graph.unique_name(g_name_stack(interp), op_name)
    if name in ("zeros", "ones"):
        # tf.zeros(shape, dtype=tf.float32): a value initializer whose shape and dtype are known.
        a = bind(args, kwargs, ["shape", "dtype", "name"])
        shape = shape_of(a.get("shape"))
        dtype = a.get("dtype")
        dtype = "float32" if dtype is None else dtype.name if isinstance(dtype, DType) else Unknown()
        return ValueTensor(name, shape if shape_known(shape) else None, dtype)
    if name in _SHAPED_BY_FIRST_ARGUMENT:
        # tf.random_normal([8, 10]): a tensor of that static shape
        shape = shape_of(args[0] if args else kwargs.get("shape", kwargs.get("dims")))
        return TFObject(name, shape if shape_known(shape) else None)
    return TFObject(name)


_SHAPED_BY_FIRST_ARGUMENT = frozenset({
    "random_normal", "truncated_normal", "random_uniform", "random.normal", "random.uniform",
    "random.truncated_normal", "fill",
})


class ValueTensor(TFObject):
    """A tensor made from a shape (tf.zeros, tf.ones): its shape (None when unknown) and dtype."""

    __slots__ = ("dtype",)

    def __init__(self, kind: str, shape: Any, dtype: Any):
        super().__init__(kind, shape)
        self.dtype = dtype


_INITIALIZER_PREFIXES = ("initializers.", "keras.initializers.")


def resolve_initializer_module(name: str) -> bool:
    return name.startswith(_INITIALIZER_PREFIXES)


__all__ = ["invalid_name", "canonical", "call", "attribute", "HANDLERS", "handler", "get_variable", "enter_variable_scope", "emit"]
