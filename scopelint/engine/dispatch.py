"""Name canonicalisation and the one registry through which TF APIs and the
objects they hand out are modelled.

APIs are recognised by the qualified name an import gave them
(`tensorflow.compat.v1.variable_scope`), never by the text `tf`. Library
modules (engine/library/) register into `REGISTRY`: a handler per API name,
one `ObjectKind` per kind of object (its call, methods, properties,
attribute hook and context-manager entry), and fallbacks for the API names
nobody registered. The interpreter asks the registry; it does not know TF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Optional

from scopelint.engine.model import VarScope
from scopelint.engine.objects import Builtin, GraphCM, GraphObj, LibraryObject, TFRef, VarObj
from scopelint.engine.protocol import Interp
from scopelint.engine.shapes import DTYPES, dtype_named
from scopelint.engine.values import AUTO_REUSE, Unknown

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
    if q.startswith(("contrib.slim.arg_scope.", "contrib.slim.variables.")):
        q = "contrib.slim." + q.split(".", 3)[3]
    if q.startswith("keras.") or q.startswith("v2.keras."):
        q = "keras." + q.split("keras.", 1)[1]
    return ALIASES.get(q, q)


def bind(args: list, kwargs: dict, names: list) -> dict:
    """Positional + keyword arguments onto a TF signature."""
    out = dict(zip(names, args))
    out.update(kwargs)
    return out


# ---------------------------------------------------------------- the registry

Handler = Callable[[Interp, list, dict, Any], Any]  # (interp, args, kwargs, node) -> value
ObjectCall = Callable[[Interp, Any, list, dict, Any], Any]  # (interp, obj, args, kwargs, node)
Property = Callable[[Interp, Any], Any]  # (interp, obj) -> value
AttributeHook = Callable[[Interp, Any, str, Any], Any]  # (interp, obj, attr, node) -> value | NotImplemented
Enter = Callable[[Interp, Any, Any], "tuple[Any, Callable[[], None]]"]  # -> (bound value, exit)
Fallback = Callable[[Interp, str, list, dict, Any], Any]  # -> value | NotImplemented


@dataclass
class Api:
    handler: Handler
    # Only builds values (tensors, shapes, initializers, graphs, scope
    # objects, lists), never emits an event: a module that names no other
    # API cannot report (engine/vocabulary.py).
    value_only: bool = False


@dataclass
class ObjectKind:
    """What one kind of object does: a `LibraryObject.kind` (layer, optimizer,
    template...) or a Python class of engine/objects.py (VarScope, VarObj...)."""

    call: Optional[ObjectCall] = None
    methods: dict = field(default_factory=dict)  # attr -> ObjectCall
    properties: dict = field(default_factory=dict)  # attr -> Property
    attribute: Optional[AttributeHook] = None  # any other attribute
    enter: Optional[Enter] = None  # `with obj:`
    operator: Optional[Callable[[str, Any, Any], Any]] = None  # (op, left, right) -> value: `a + b`, `a @ b`
    subscript: Optional[Callable[[Any, list], Any]] = None  # (obj, index items) -> value: `x[:, 0]`


@dataclass
class Registry:
    apis: dict = field(default_factory=dict)  # canonical name -> Api
    kinds: dict = field(default_factory=dict)  # LibraryObject.kind or class -> ObjectKind
    fallbacks: list = field(default_factory=list)  # (order, Fallback), for unregistered names
    # around every API or object call: hook(interp, name, callee, args, kwargs) before it
    # returns None or a function the call's result is given to
    around: list = field(default_factory=list)
    # Functions of other (data-only) modules whose values TF code consumes:
    # `numpy.zeros` -> Handler answering a value, or NotImplemented.
    module_apis: dict = field(default_factory=dict)
    # Python library functions whose values the TF model needs (os.path.join
    # of a checkpoint path): qualified name -> fn(args, kwargs) -> value | NotImplemented.
    python_functions: dict = field(default_factory=dict)

    def api(self, *names: str, value_only: bool = False) -> Callable[[Handler], Handler]:
        """Decorator: `fn` models the APIs `names`."""

        def deco(fn: Handler) -> Handler:
            for n in names:
                self.apis[n] = Api(fn, value_only)
            return fn

        return deco

    def add_api(self, name: str, fn: Handler, *, value_only: bool = False, replace: bool = True) -> None:
        if replace or name not in self.apis:
            self.apis[name] = Api(fn, value_only)

    def kind(self, key: Hashable) -> ObjectKind:
        """The spec of an object kind, made empty on first use."""
        spec = self.kinds.get(key)
        if spec is None:
            spec = self.kinds[key] = ObjectKind()
        return spec

    def method(self, kind: Hashable, *names: str) -> Callable[[ObjectCall], ObjectCall]:
        """Decorator: `fn` is the method `names` of objects of `kind`."""

        def deco(fn: ObjectCall) -> ObjectCall:
            for n in names:
                self.kind(kind).methods[n] = fn
            return fn

        return deco

    def fallback(self, order: int) -> Callable[[Fallback], Fallback]:
        """Decorator: `fn` answers for API names no handler models (lowest order first)."""

        def deco(fn: Fallback) -> Fallback:
            self.fallbacks.append((order, fn))
            self.fallbacks.sort(key=lambda pair: pair[0])
            return fn

        return deco


REGISTRY = Registry()


# ---------------------------------------------------------------- dispatch


def attribute(ref: TFRef, attr: str) -> Any:
    """`tf.<attr>`: a constant TF defines, or a reference to go on with."""
    qual = f"{ref.qual}.{attr}"
    name = canonical(qual)
    if name == "AUTO_REUSE":
        return AUTO_REUSE
    if name in DTYPES:
        return dtype_named(name)
    return TFRef(qual)


def call(interp: Interp, ref: TFRef, args: list, kwargs: dict, node: Any) -> Any:
    interp.api_calls[id(node)] = ref.qual
    name = canonical(ref.qual)
    after = [f for f in (hook(interp, name, None, args, kwargs) for hook in REGISTRY.around) if f is not None]
    result = _call(interp, name, args, kwargs, node)
    for f in after:
        f(result)
    if isinstance(result, (VarScope, GraphObj, GraphCM, VarObj)):
        interp.graph_refs += 1  # a value tied to this program's graph (project_modules)
    return result


def _call(interp: Interp, name: str, args: list, kwargs: dict, node: Any) -> Any:
    api = REGISTRY.apis.get(name)
    if api is not None:
        interp.api_name = name
        return api.handler(interp, args, kwargs, node)
    for _order, fn in REGISTRY.fallbacks:
        result = fn(interp, name, args, kwargs, node)
        if result is not NotImplemented:
            return result
    raise AssertionError(f"no fallback answered for {name}")  # the last one always answers


def _specs(obj: Any) -> list:
    """The specs that apply to `obj`, most specific first."""
    if type(obj) is LibraryObject:
        spec = REGISTRY.kinds.get(obj.kind)
        return [spec] if spec is not None else []
    out = []
    for cls in type(obj).__mro__:
        spec = REGISTRY.kinds.get(cls)
        if spec is not None:
            out.append(spec)
    return out


def call_object(interp: Interp, callee: Any, args: list, kwargs: dict, node: Any) -> Any:
    """Calling an object a TF API made; NotImplemented when none is modelled."""
    for spec in _specs(callee):
        if spec.call is not None:
            after = [f for f in (hook(interp, "", callee, args, kwargs) for hook in REGISTRY.around) if f]
            result = spec.call(interp, callee, args, kwargs, node)
            for f in after:
                f(result)
            return result
    if type(callee) is LibraryObject:
        return interp.unknown_call(args, kwargs)
    return NotImplemented


def object_attribute(interp: Interp, obj: Any, attr: str, node: Any) -> Any:
    """`obj.attr` for an object a TF API made."""
    for spec in _specs(obj):
        method = spec.methods.get(attr)
        if method is not None:
            return Builtin(f"{_label(obj)}.{attr}", _bound(method, obj))
        prop = spec.properties.get(attr)
        if prop is not None:
            return prop(interp, obj)
        if spec.attribute is not None:
            result = spec.attribute(interp, obj, attr, node)
            if result is not NotImplemented:
                return result
    return Unknown()


def enter(interp: Interp, value: Any, node: Any) -> Optional[tuple]:
    """`with value:` for an object a TF API made: (bound value, exit) or None."""
    for spec in _specs(value):
        if spec.enter is not None:
            return spec.enter(interp, value, node)
    return None


def operator(op: str, left: Any, right: Any) -> Any:
    """`left <op> right` where an operand is an object a TF API made (a tensor); Unknown when not modelled."""
    for obj in (left, right):
        for spec in _specs(obj):
            if spec.operator is not None:
                return spec.operator(op, left, right)
    return NotImplemented


def subscript(obj: Any, items: list) -> Any:
    """`obj[items]` for an object a TF API made; items are ints, None, Ellipsis and slices."""
    for spec in _specs(obj):
        if spec.subscript is not None:
            return spec.subscript(obj, items)
    return NotImplemented


def _label(obj: Any) -> str:
    return obj.kind if type(obj) is LibraryObject else type(obj).__name__


def _bound(method: ObjectCall, obj: Any) -> Callable:
    return lambda interp, args, kwargs, node: method(interp, obj, args, kwargs, node)
