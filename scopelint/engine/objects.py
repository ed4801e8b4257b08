"""Runtime objects of the analysed program: functions, classes, instances,
references to TensorFlow APIs and the context managers TF hands out."""

from __future__ import annotations

from typing import Any, Optional

from scopelint.engine.values import JDict

# Top-level modules whose functions never touch a TF graph's variables.
PURE_MODULES = frozenset(
    """
    abc argparse array ast bisect builtins calendar codecs collections contextlib copy
    csv dataclasses datetime decimal enum errno fnmatch fractions functools gc glob gzip
    hashlib heapq imageio io itertools json logging math matplotlib multiprocessing numbers
    numpy operator os pandas pathlib pickle platform pprint queue random re scipy shutil
    signal six skimage sklearn socket statistics string struct subprocess sys tarfile
    tempfile textwrap threading time tqdm traceback typing unicodedata urllib uuid
    warnings yaml zipfile h5py PIL cv2 seaborn tabulate termcolor absl
    """.split()
)


# Of those, modules whose functions only compute on data: a call into them
# never runs code handed to it in a way that can build a TF graph (no
# callbacks that matter), whatever its arguments. The others (functools,
# itertools, collections, copy, threading...) may call what they are given.
DATA_MODULES = frozenset(
    """
    argparse array bisect calendar codecs csv datetime decimal errno fnmatch fractions gc glob gzip
    h5py hashlib heapq imageio io json logging math matplotlib numbers numpy os pandas pathlib pickle
    platform pprint random re scipy seaborn shutil signal skimage sklearn socket statistics string
    struct subprocess sys tabulate tarfile tempfile termcolor textwrap time unicodedata urllib uuid
    warnings yaml zipfile PIL cv2
    """.split()
)


class TFRef:
    """A TensorFlow module, function or class reached through an import."""

    __slots__ = ("qual",)

    def __init__(self, qual: str):
        self.qual = qual

    def __repr__(self) -> str:
        return f"TFRef({self.qual})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TFRef) and other.qual == self.qual

    def __hash__(self) -> int:
        return hash(self.qual)


# Pure modules whose calls return data (arrays, frames, figures, numbers),
# never a callable that could run the user's code later (functools.partial).
class ModuleRef:
    """A non-TensorFlow module (or something imported from one)."""

    __slots__ = ("qual",)

    def __init__(self, qual: str):
        self.qual = qual

    @property
    def pure(self) -> bool:
        return self.qual.split(".")[0] in PURE_MODULES

    @property
    def data_only(self) -> bool:
        return self.qual.split(".")[0] in DATA_MODULES


# What code asks of the Python it runs on: scopelint reads Python 3 only
# (Python 2 files are refused), and TensorFlow's compat.v1 runs on it.
PYTHON_FACTS = {"sys.version_info.major": 3, "six.PY2": False, "six.PY3": True}


def module_attribute(module: ModuleRef, attr: str) -> Any:
    """`module.attr` of a library module: a known fact about Python, or a
    reference to the attribute."""
    qual = f"{module.qual}.{attr}"
    return PYTHON_FACTS.get(qual, ModuleRef(qual))


class TFObject:
    """An opaque object a TF API returned (tensor, session, op...)."""

    __slots__ = ("kind", "shape", "deps", "op")

    def __init__(self, kind: str = "tensor", shape: Any = None):
        self.kind = kind
        self.shape = shape  # tuple of int/None for tensors whose shape is known
        # names of the variables it has a gradient path to (engine/gradients.py); None: unknown
        self.deps: Optional[frozenset] = None
        # a float tensor's op name (str/SymStr, for the slots of moving averages); None: unknown
        self.op: Any = None


class FuncVal:
    """A function or lambda defined in the analysed module."""

    __slots__ = ("node", "closure", "defaults", "name", "kind", "owner")

    def __init__(self, node: Any, closure: Any, defaults: dict, name: str, kind: str = "function"):
        self.node = node
        self.closure = closure  # the Frame it was defined in
        self.defaults = defaults  # parameter name -> default value
        self.name = name
        self.kind = kind  # function | staticmethod | classmethod | property
        self.owner: Any = None  # the ClassVal of a method


class BoundMethod:
    __slots__ = ("func", "self_value")

    def __init__(self, func: FuncVal, self_value: Any):
        self.func = func
        self.self_value = self_value


class PartialVal:
    """`functools.partial(func, *args, **kwargs)`: calling it calls `func`
    with those arguments first (keywords given at the call win)."""

    __slots__ = ("func", "args", "kwargs")

    def __init__(self, func: Any, args: tuple, kwargs: dict):
        self.func = func
        self.args = args
        self.kwargs = kwargs


class Builtin:
    """A callable implemented by the analysis (range, len, list.append...)."""

    __slots__ = ("name", "impl")

    def __init__(self, name: str, impl: Any):
        self.name = name
        self.impl = impl  # impl(interp, args, kwargs, node) -> value


class ClassVal:
    __slots__ = ("name", "bases", "attrs", "node")

    def __init__(self, name: str, bases: list, attrs: JDict, node: Any):
        self.name = name
        self.bases = bases
        self.attrs = attrs
        self.node = node

    def mro(self) -> list:
        out = [self]
        for base in self.bases:
            if isinstance(base, ClassVal):
                for c in base.mro():
                    if c not in out:
                        out.append(c)
        return out

    def lookup(self, name: str) -> Any:
        for cls in self.mro():
            if name in cls.attrs:
                return cls.attrs[name]
        return None

    @property
    def fully_known(self) -> bool:
        """All bases are classes of this module (or plain `object`)."""
        return all(isinstance(b, ClassVal) and b.fully_known for b in self.bases)


class Instance:
    __slots__ = ("cls", "attrs")

    def __init__(self, cls: ClassVal):
        self.cls = cls
        self.attrs = JDict()


class SuperRef:
    __slots__ = ("cls", "self_value")

    def __init__(self, cls: ClassVal, self_value: Any):
        self.cls = cls
        self.self_value = self_value


class ListVal:
    """A Python list: items live in a journaled dict so appends can be undone."""

    __slots__ = ("f",)

    def __init__(self, items: Optional[list] = None):
        self.f = JDict({"items": tuple(items or ())})

    @property
    def items(self) -> Optional[tuple]:
        """The items, or None once paths disagreed on them."""
        items = self.f["items"]
        return items if isinstance(items, tuple) else None


class DictVal:
    __slots__ = ("d",)

    def __init__(self, items: Optional[dict] = None):
        self.d = JDict(items or {})


class VarScopeCM:
    """What `tf.variable_scope(...)` returns before it is entered."""

    __slots__ = (
        "name_or_scope", "default_name", "reuse", "aux", "opaque", "node", "reuse_node", "dtype", "use_resource", "cause",
        "partitioner", "getter", "user_call",
    )  # fmt: skip

    def __init__(
        self,
        name_or_scope: Any,
        default_name: Any,
        reuse: Any,
        aux: Any,
        opaque: Any,
        node: Any,
        dtype: Any = None,
        use_resource: Any = None,
    ):
        self.name_or_scope = name_or_scope
        self.default_name = default_name
        self.reuse = reuse
        self.aux = aux
        self.opaque = opaque
        self.node = node
        self.dtype = dtype
        self.use_resource = use_resource
        self.partitioner: Any = None  # a modelled partitioner (library.partitions)
        self.getter: Any = None  # a custom getter the analysis runs (library.getters)
        self.reuse_node: Any = None  # where `reuse=False` was given (it may be ignored)
        self.cause: Any = node  # where the reuse flag was decided
        self.user_call: Any = None  # the call node, when made by `variable_scope` itself (not a layer)


class NameScopeCM:
    __slots__ = ("name", "node")

    def __init__(self, name: Any, node: Any):
        self.name = name
        self.node = node


class GraphObj:
    __slots__ = ("graph",)

    def __init__(self, graph: Any):
        self.graph = graph


class GraphCM:
    __slots__ = ("graph",)

    def __init__(self, graph: Any):
        self.graph = graph


class VarObj(TFObject):
    """A variable returned by get_variable / tf.Variable / a library.

    `name` is the variable's name without `:0` (str, SymStr or Unknown)."""

    __slots__ = ("name", "trainable", "parts")

    def __init__(self, name: Any, shape: Any = None, trainable: Any = True):
        super().__init__("variable", shape)
        self.name = name
        self.trainable = trainable
        self.parts: Optional[tuple] = None  # a partitioned variable: its parts' names


class LibraryCM:
    """A context manager a library hands out (slim.arg_scope...):
    `enter(interp, node)` returns (bound value, exit function)."""

    __slots__ = ("enter",)

    def __init__(self, enter: Any):
        self.enter = enter


class LibraryObject:
    """An object a TF library made (layer, RNN cell, optimizer, template...).

    Mutable state lives in `f` (journaled) so branches can be joined."""

    __slots__ = ("kind", "f", "config", "node")

    def __init__(self, kind: str, config: Optional[dict] = None, node: Any = None, **state: Any):
        self.kind = kind
        self.config = dict(config or {})  # constructor arguments (never mutated)
        self.f = JDict(state)
        self.node = node
