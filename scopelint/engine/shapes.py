"""Dtypes, shapes, initializers and value tensors: what `get_variable`
compares when it shares a variable, and what a layer infers from its input."""

from __future__ import annotations

from typing import Any, Optional

from scopelint.engine.objects import BoundMethod, FuncVal, ListVal, TFObject
from scopelint.engine.values import Unknown, is_unknown

# ---------------------------------------------------------------- dtypes


class DType:
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DType) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


DTYPES = frozenset(
    {
        "float16", "float32", "float64", "bfloat16", "int8", "int16", "int32", "int64",
        "uint8", "uint16", "bool", "string", "complex64", "complex128", "half", "double",
    }
)  # fmt: skip
DTYPE_ALIASES = {"half": "float16", "double": "float64"}


def dtype_named(name: str) -> DType:
    return DType(DTYPE_ALIASES.get(name, name))


# ---------------------------------------------------------------- shapes


class NoneDim:
    """TF1's `Dimension(None)` as Python code reads it from a static shape
    (`x.get_shape()[0]`): not `None` itself (`is None` is False, `== None`
    is None), its `.value` is None, and in a `shape=` it is TF's unknown dim."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Dimension(None)"


NONE_DIM = NoneDim()


def python_shape(shape: tuple) -> tuple:
    """A static shape as `x.get_shape()` / `x.shape` hand it to Python."""
    return tuple(NONE_DIM if d is None else d for d in shape)


def shape_of(value: Any) -> Any:
    """A shape argument as a tuple of int/None, or Unknown."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    items = value.items if isinstance(value, ListVal) else value if isinstance(value, tuple) else None
    if items is None:
        return Unknown()
    out: list = []
    for item in items:
        if item is None or isinstance(item, NoneDim):
            out.append(None)
        elif isinstance(item, int) and not isinstance(item, bool):
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


def dims(value: Any) -> Optional[tuple]:
    """A tensor's shape as a tuple of int/Unknown, or None if the rank is unknown."""
    shape = value.shape if isinstance(value, TFObject) else None
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
    items = (
        kernel_size.items
        if isinstance(kernel_size, ListVal)
        else kernel_size
        if isinstance(kernel_size, tuple)
        else None
    )
    if items is not None and len(items) == rank:
        return tuple(int_or_unknown(d) for d in items)
    return (Unknown(),) * rank


def tensor(shape: Any = None, dtype: Any = None) -> TFObject:
    """A tensor of this static shape (None: unknown) and dtype (a name; None: unknown)."""
    return ValueTensor("tensor", shape if isinstance(shape, tuple) else None, dtype if dtype else Unknown())


def product(values: tuple) -> Any:
    out = 1
    for v in values:
        if not isinstance(v, int):
            return Unknown()
        out *= v
    return out


# ---------------------------------------------------------------- initializers


class Initializer:
    """The result of tf.*_initializer(...): a callable initializer."""

    __slots__ = ()


def is_initializer_api(name: str) -> bool:
    return (
        name.endswith("_initializer")
        or ".initializers." in f".{name}"
        or name.startswith(
            ("initializers.", "keras.initializers.", "contrib.slim.xavier", "contrib.slim.variance_scaling")
        )
    )


# TF functions whose result is a tensor value: as `initializer=` they give
# the variable its value (and then `shape=` must not be given).
TENSOR_MAKERS = frozenset(
    {
        "constant", "zeros", "ones", "random_normal", "truncated_normal", "random_uniform", "fill",
        "zeros_like", "ones_like", "eye", "convert_to_tensor", "random.normal", "random.uniform",
        "random.truncated_normal", "linspace", "range",
    }
)  # fmt: skip


class ValueTensor(TFObject):
    """A tensor made from a shape (tf.zeros, tf.ones): its shape (None when unknown) and dtype."""

    __slots__ = ("dtype",)

    def __init__(self, kind: str, shape: Any, dtype: Any):
        super().__init__(kind, shape)
        self.dtype = dtype


def initializer_kind(value: Any) -> str:
    """'none' | 'callable' | 'value' | 'unknown'."""
    if value is None:
        return "none"
    if isinstance(value, (Initializer, FuncVal, BoundMethod)):
        return "callable"
    if isinstance(value, (int, float, ListVal, tuple)) and not isinstance(value, bool):
        return "value"
    if isinstance(value, ValueTensor) or (isinstance(value, TFObject) and value.kind in TENSOR_MAKERS):
        return "value"
    return "unknown"


def value_shape_dtype(value: Any) -> tuple:
    """Shape and dtype of a Python value initializer (nested lists)."""

    def walk(v: Any) -> Optional[tuple]:
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
        if any(s is None for s in subs) or len({s[0] for s in subs if s is not None}) != 1:
            return None
        dtype = "float32" if any(s is not None and s[1] == "float32" for s in subs) else "int32"
        first = subs[0]
        assert first is not None
        return (len(items),) + first[0], dtype

    result = walk(value)
    return result if result is not None else (Unknown(), Unknown())
