"""numpy arrays as TF code uses them: initial values of variables
(`initializer=np.zeros((3, 4))` makes a float64 variable), shapes
(`np.prod(x.get_shape().as_list()[1:])`). An array is a `ValueTensor` of
kind "ndarray": a value initializer with a static shape and a dtype."""

from __future__ import annotations

from typing import Any, Callable

# First: its attribute hook is chained below.
import scopelint.engine.library.tensor_ops  # noqa: F401
from scopelint.engine import shape_functions as sf
from scopelint.engine.dispatch import REGISTRY, bind
from scopelint.engine.objects import Builtin, ListVal, ModuleRef
from scopelint.engine.protocol import Interp
from scopelint.engine.shapes import DType, ValueTensor, shape_known, shape_of, value_shape_dtype
from scopelint.engine.values import Plain, Unknown

Handler = Callable[[Interp, list, dict, Any], Any]

_NUMPY_DTYPES = frozenset({"float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"})


def array(shape: Any, dtype: Any) -> ValueTensor:
    known = isinstance(shape, tuple) and shape_known(shape) and None not in shape
    return ValueTensor("ndarray", shape if known else None, dtype if isinstance(dtype, str) else Unknown())


def np_dtype(value: Any, default: Any) -> Any:
    """`np.float32`, `'float32'`, `float`, `np.int64`... as a dtype name (numpy's defaults are 64-bit)."""
    if value is None:
        return default
    if isinstance(value, ModuleRef) and value.qual.startswith("numpy."):
        name = value.qual.split(".", 1)[1]
        name = {"float_": "float64", "double": "float64", "single": "float32", "bool_": "bool"}.get(name, name)
        return name if name in _NUMPY_DTYPES else Unknown()
    if isinstance(value, str) and value in _NUMPY_DTYPES:
        return value
    if isinstance(value, DType) and value.name in _NUMPY_DTYPES:
        return value.name
    return Unknown()


def _wide(dtype: Any) -> Any:
    """A Python value's numpy dtype: int64 / float64 (TF's conversion would give int32 / float32)."""
    return {"int32": "int64", "float32": "float64"}.get(dtype, Unknown()) if isinstance(dtype, str) else Unknown()


def numpy(*names: str) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        for n in names:
            REGISTRY.module_apis[f"numpy.{n}"] = fn
        return fn

    return deco


@numpy("zeros", "ones", "empty")
def _zeros(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["shape", "dtype"])
    return array(shape_of(a.get("shape")), np_dtype(a.get("dtype"), "float64"))


@numpy("full")
def _full(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["shape", "fill_value", "dtype"])
    _s, fill = value_shape_dtype(a.get("fill_value"))
    return array(shape_of(a.get("shape")), np_dtype(a.get("dtype"), _wide(fill)))


@numpy("zeros_like", "ones_like", "empty_like")
def _like(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["a", "dtype"])
    x = a.get("a")
    default = x.dtype if isinstance(x, ValueTensor) and x.kind == "ndarray" else Unknown()
    return array(sf.static_shape(x) if isinstance(x, ValueTensor) else None, np_dtype(a.get("dtype"), default))


@numpy("eye", "identity")
def _eye(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["N", "M"])
    n, m = a.get("N", kwargs.get("n")), a.get("M")
    m = n if m is None else m
    return array((n, m) if sf.is_int(n) and sf.is_int(m) else None, np_dtype(kwargs.get("dtype"), "float64"))


@numpy("array", "asarray")
def _array(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["object", "dtype"])
    value = a.get("object")
    if isinstance(value, ValueTensor) and value.kind == "ndarray":
        return array(value.shape, np_dtype(a.get("dtype"), value.dtype))
    shape, dtype = value_shape_dtype(value)
    return array(shape, np_dtype(a.get("dtype"), _wide(dtype)))


@numpy("random.randn", "random.rand")
def _randn(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    if not args:
        return NotImplemented  # a Python float
    return array(tuple(args) if all(sf.is_int(d) for d in args) and not kwargs else None, "float64")


@numpy("random.normal", "random.uniform", "random.standard_normal", "random.random", "random.random_sample")
def _random(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    size = kwargs.get("size")
    if size is None and len(args) == 3:
        size = args[2]  # normal(loc, scale, size), uniform(low, high, size)
    if size is None and len(args) == 1 and not isinstance(args[0], (int, float)):
        size = args[0]  # random.random((3, 4)), standard_normal((3, 4))
    if size is None:
        return array(None, Unknown())  # a Python float when no size is given: not modelled
    return array(shape_of(size), "float64")


@numpy("prod", "product")
def _prod(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    items = args[0] if args else None
    values = items.items if isinstance(items, ListVal) else items if isinstance(items, tuple) else None
    if values is None or kwargs or not all(sf.is_int(v) for v in values):
        return NotImplemented
    out = 1
    for v in values:
        out *= v
    return out


def _ndarray_attribute(interp: Interp, obj: Any, attr: str, node: Any) -> Any:
    if not (isinstance(obj, ValueTensor) and obj.kind == "ndarray"):
        return NotImplemented
    if attr == "astype":
        return Builtin("ndarray.astype", lambda i, a, k, n: array(obj.shape, np_dtype(a[0] if a else None, Unknown())))
    if attr == "T":
        return array(sf.transpose(sf.static_shape(obj), None), obj.dtype)
    if attr == "reshape":
        return Builtin(
            "ndarray.reshape",
            lambda i, a, k, n: array(sf.reshape(sf.static_shape(obj), a[0] if len(a) == 1 else tuple(a)), obj.dtype),
        )
    if attr == "shape" and isinstance(obj.shape, tuple):
        return tuple(obj.shape)
    if attr == "dtype":
        return NotImplemented
    return Plain()  # any other array method or attribute: inert data, as numpy values were before


_KIND = REGISTRY.kind(ValueTensor)
_previous = _KIND.attribute


def _attribute(interp: Interp, obj: Any, attr: str, node: Any) -> Any:
    result = _ndarray_attribute(interp, obj, attr, node)
    if result is NotImplemented and _previous is not None:
        return _previous(interp, obj, attr, node)
    return result


_KIND.attribute = _attribute
