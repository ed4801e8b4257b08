"""Ops whose output shape and dtype the analysis computes (`shape_functions`):
placeholders, constants, arithmetic, matmul, reshape, concat, reductions,
convolutions and pools. Every handler also takes its op's `name=` in the
graph's name table, as the plain-op fallback does."""

from __future__ import annotations

from typing import Any, Callable

# Registered first: this module refines their tensors.
import scopelint.engine.library.ops  # noqa: F401
import scopelint.engine.library.variables  # noqa: F401
from scopelint.engine import shape_functions as sf
from scopelint.engine.dispatch import REGISTRY, bind
from scopelint.engine.gradients import deps_of
from scopelint.engine.library.scopes import name_stack
from scopelint.engine.objects import ListVal, TFObject, TFRef, VarObj
from scopelint.engine.protocol import Interp
from scopelint.engine.shapes import DType, NoneDim, ValueTensor, dtype_named, shape_of, tensor, value_shape_dtype
from scopelint.engine.values import Plain, Unknown

Handler = Callable[[Interp, list, dict, Any], Any]


def typed(shape: Any, dtype: Any = None) -> ValueTensor:
    """A tensor of this static shape (None: unknown) and dtype (a name, or Unknown)."""
    out = tensor(shape, dtype)
    assert isinstance(out, ValueTensor)
    return out


def dtype_of(x: Any) -> Any:
    """A tensor's dtype name; a Python int/float converts to the other operand's (Unknown here)."""
    if isinstance(x, ValueTensor) and isinstance(x.dtype, str):
        return x.dtype
    return Unknown()


def dtype_arg(value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, DType):
        return value.name
    if isinstance(value, str) and value in _DTYPE_STRINGS:
        return dtype_named(value).name
    return Unknown()


_DTYPE_STRINGS = frozenset({"float16", "float32", "float64", "int32", "int64", "bool", "uint8", "int8", "int16"})


# The op name an op takes when it is given no `name=` (names are unique per
# graph, case-insensitively: a later `tf.metrics.mean` becomes `mean_1`).
_DEFAULT_OP_NAMES = {
    "reduce_mean": "Mean",
    "math.reduce_mean": "Mean",
    "reduce_sum": "Sum",
    "math.reduce_sum": "Sum",
    "reduce_max": "Max",
    "math.reduce_max": "Max",
    "reduce_min": "Min",
    "math.reduce_min": "Min",
    "reduce_prod": "Prod",
}
# Arguments before `name` (a positional name is not looked for).
_NAME_POSITION = 3


def _name_op(interp: Interp, kwargs: dict, default: Any = None) -> None:
    op_name = kwargs.get("name", default)
    if isinstance(op_name, str) and op_name:
        interp.graph.unique_name(name_stack(interp), op_name)


def op(*names: str) -> Callable[[Handler], Handler]:
    """Register a shape-computing op (it creates no variables)."""

    def deco(fn: Handler) -> Handler:
        def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
            api = names[0]
            default = _DEFAULT_OP_NAMES.get(api) if len(args) <= _NAME_POSITION else None
            _name_op(interp, kwargs, default)
            return fn(interp, args, kwargs, node)

        for n in names:
            REGISTRY.add_api(n, handler, value_only=True)
        return fn

    return deco


def _items(value: Any) -> Any:
    return value.items if isinstance(value, ListVal) else value if isinstance(value, tuple) else None


# ---------------------------------------------------------------- sources


@op("placeholder")
def _placeholder(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["dtype", "shape", "name"])
    shape = a.get("shape")
    out = typed(shape_of(shape) if shape is not None else None, dtype_arg(a.get("dtype"), Unknown()))
    if shape is None:
        out.shape = Unknown()  # rank unknown to TF itself
    return out


@op("constant")
def _constant(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["value", "dtype", "shape", "name"])
    value = a.get("value")
    vshape, vdtype = value_shape_dtype(value)
    if isinstance(value, ValueTensor):  # a numpy array (or a tensor): its own shape and dtype
        vshape, vdtype = sf.static_shape(value), value.dtype
    if a.get("shape") is not None:
        vshape = shape_of(a.get("shape"))
    return typed(vshape if isinstance(vshape, tuple) else None, dtype_arg(a.get("dtype"), vdtype))


@op("zeros", "ones")
def _zeros(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["shape", "dtype", "name"])
    shape = shape_of(a.get("shape"))
    out = typed(shape if isinstance(shape, tuple) else None, dtype_arg(a.get("dtype"), "float32"))
    out.kind = interp.api_name if interp.api_name in ("zeros", "ones") else "zeros"
    return out


@op("random_normal", "truncated_normal", "random_uniform", "random.normal", "random.uniform",
    "random.truncated_normal")  # fmt: skip
def _random(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["shape", "mean_or_min", "stddev_or_max", "dtype"])
    shape = shape_of(a.get("shape"))
    out = typed(shape if isinstance(shape, tuple) else None, dtype_arg(a.get("dtype"), "float32"))
    out.kind = "random_normal"
    return out


@op("fill")
def _fill(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["dims", "value", "name"])
    shape = shape_of(a.get("dims"))
    _vshape, vdtype = value_shape_dtype(a.get("value"))
    out = typed(
        shape if isinstance(shape, tuple) else None, vdtype if isinstance(vdtype, str) else dtype_of(a.get("value"))
    )
    out.kind = "fill"
    return out


@op("zeros_like", "ones_like")
def _like(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["tensor", "dtype", "name"])
    x = a.get("tensor")
    out = typed(sf.static_shape(x), dtype_arg(a.get("dtype"), dtype_of(x)))
    out.kind = "zeros_like"
    return out


@op("shape")
def _shape(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    # tf.shape(x): a dynamic int32 vector; its values are not static.
    x = args[0] if args else kwargs.get("input")
    s = sf.static_shape(x)
    return typed((len(s),) if s is not None else None, dtype_arg(kwargs.get("out_type"), "int32"))


# ---------------------------------------------------------------- elementwise


def _same(x: Any, dtype: Any = None) -> ValueTensor:
    return typed(sf.static_shape(x), dtype if dtype is not None else dtype_of(x))


_UNARY = (
    "nn.relu", "nn.relu6", "nn.elu", "nn.selu", "nn.leaky_relu", "nn.tanh", "nn.sigmoid", "nn.softmax",
    "nn.log_softmax", "nn.dropout", "nn.l2_normalize", "nn.softplus", "nn.swish", "tanh", "sigmoid", "identity",
    "stop_gradient", "abs", "square", "sqrt", "rsqrt", "exp", "log", "negative", "math.log", "math.exp",
    "math.tanh", "math.sigmoid", "math.abs", "math.square", "math.sqrt", "nn.lrn", "nn.local_response_normalization",
    "clip_by_value", "round", "floor", "ceil", "sign", "math.round", "math.floor", "nn.bias_add",
)  # fmt: skip
for _name in _UNARY:
    op(_name)(lambda interp, args, kwargs, node: _same(args[0] if args else next(iter(kwargs.values()), None)))


def binary(left: Any, right: Any, boolean: bool = False) -> Any:
    """`a + b` (and friends) on tensors: broadcasting; the dtype of the tensor operand(s)."""
    shapes = [sf.static_shape(v) for v in (left, right)]
    tensors = [v for v in (left, right) if isinstance(v, TFObject)]
    dtypes = {dtype_of(v) if isinstance(v, TFObject) else None for v in (left, right)} - {None}
    dtype: Any = Unknown()
    if len(dtypes) == 1 and isinstance(next(iter(dtypes)), str):
        dtype = next(iter(dtypes))
    if not tensors:
        return Unknown()
    return typed(sf.broadcast(shapes[0], shapes[1]), "bool" if boolean else dtype)


_BINARY = ("add", "subtract", "multiply", "divide", "maximum", "minimum", "math.add", "math.subtract",
           "math.multiply", "math.divide", "math.maximum", "math.minimum", "pow", "squared_difference",
           "math.squared_difference", "truediv", "realdiv")  # fmt: skip


def _binary_op(boolean: bool) -> Handler:
    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        a = bind(args, kwargs, ["x", "y", "name"])
        return binary(a.get("x"), a.get("y"), boolean)

    return handler


for _name in _BINARY:
    op(_name)(_binary_op(False))
for _name in ("equal", "not_equal", "less", "greater", "less_equal", "greater_equal", "math.equal", "math.less"):
    op(_name)(_binary_op(True))


@op("cast", "dtypes.cast", "to_float", "to_int32", "to_int64")
def _cast(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["x", "dtype", "name"])
    target = {"to_float": "float32", "to_int32": "int32", "to_int64": "int64"}.get(interp.api_name)
    return _same(a.get("x"), target or dtype_arg(a.get("dtype"), Unknown()))


# ---------------------------------------------------------------- shapes


@op("matmul", "linalg.matmul")
def _matmul(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["a", "b", "transpose_a", "transpose_b", "adjoint_a", "adjoint_b"])
    ta = a.get("transpose_a", False) or a.get("adjoint_a", False)
    tb = a.get("transpose_b", False) or a.get("adjoint_b", False)
    x, y = a.get("a"), a.get("b")
    return typed(sf.matmul(sf.static_shape(x), sf.static_shape(y), ta, tb), dtype_of(x))


@op("reshape")
def _reshape(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["tensor", "shape", "name"])
    x = a.get("tensor")
    return _same_dtype(x, sf.reshape(sf.static_shape(x), a.get("shape")))


def _same_dtype(x: Any, shape: Any) -> ValueTensor:
    return typed(shape, dtype_of(x))


@op("transpose")
def _transpose(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["a", "perm", "name"])
    return _same_dtype(a.get("a"), sf.transpose(sf.static_shape(a.get("a")), a.get("perm")))


def _all_dtype(values: list) -> Any:
    names = {dtype_of(v) for v in values}
    return next(iter(names)) if len(names) == 1 else Unknown()


@op("concat")
def _concat(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["values", "axis", "name"])
    items = _items(a.get("values"))
    if items is None:
        return typed(None)
    return typed(sf.concat([sf.static_shape(v) for v in items], a.get("axis")), _all_dtype(list(items)))


@op("stack")
def _stack(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["values", "axis", "name"])
    items = _items(a.get("values"))
    if items is None:
        return typed(None)
    return typed(sf.stack([sf.static_shape(v) for v in items], a.get("axis", 0)), _all_dtype(list(items)))


@op("unstack")
def _unstack(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["value", "num", "axis", "name"])
    x = a.get("value")
    count, part = sf.unstack(sf.static_shape(x), a.get("axis", 0))
    if not sf.is_int(count) or count > 64:
        return Unknown()
    return ListVal([_same_dtype(x, part) for _ in range(count)])


@op("split")
def _split(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["value", "num_or_size_splits", "axis", "num", "name"])
    x = a.get("value")
    parts = sf.split(sf.static_shape(x), a.get("num_or_size_splits"), a.get("axis", 0))
    return Unknown() if parts is None else ListVal([_same_dtype(x, p) for p in parts])


@op("expand_dims")
def _expand_dims(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["input", "axis", "name"])
    return _same_dtype(a.get("input"), sf.expand_dims(sf.static_shape(a.get("input")), a.get("axis")))


@op("squeeze")
def _squeeze(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["input", "axis", "name"])
    axis = a.get("axis", kwargs.get("squeeze_dims"))
    return _same_dtype(a.get("input"), sf.squeeze(sf.static_shape(a.get("input")), axis))


@op("tile")
def _tile(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["input", "multiples", "name"])
    return _same_dtype(a.get("input"), sf.tile(sf.static_shape(a.get("input")), a.get("multiples")))


@op("pad")
def _pad(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["tensor", "paddings", "mode", "name"])
    return _same_dtype(a.get("tensor"), sf.pad(sf.static_shape(a.get("tensor")), a.get("paddings")))


@op("gather")
def _gather(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["params", "indices", "validate_indices", "name", "axis"])
    p = a.get("params")
    return _same_dtype(p, sf.gather(sf.static_shape(p), sf.static_shape(a.get("indices")), a.get("axis", 0)))


@op("nn.embedding_lookup")
def _embedding_lookup(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["params", "ids"])
    p = a.get("params")
    if not isinstance(p, TFObject):
        return typed(None)  # a list of shards
    return _same_dtype(p, sf.gather(sf.static_shape(p), sf.static_shape(a.get("ids")), 0))


@op("one_hot")
def _one_hot(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["indices", "depth", "on_value", "off_value", "axis", "dtype", "name"])
    shape = sf.one_hot(sf.static_shape(a.get("indices")), a.get("depth"), a.get("axis", -1))
    given = a.get("on_value") is not None or a.get("off_value") is not None
    return typed(shape, dtype_arg(a.get("dtype"), Unknown() if given else "float32"))


def _reduce(boolean: bool = False) -> Handler:
    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        a = bind(args, kwargs, ["input_tensor", "axis", "keepdims", "name"])
        axis = a.get("axis", kwargs.get("reduction_indices"))
        keep = a.get("keepdims", kwargs.get("keep_dims", False))
        keep = False if keep is None else keep
        x = a.get("input_tensor")
        return typed(sf.reduce(sf.static_shape(x), axis, keep), "bool" if boolean else dtype_of(x))

    return handler


for _name in ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "math.reduce_sum",
              "math.reduce_mean", "math.reduce_max", "math.reduce_min", "reduce_logsumexp"):  # fmt: skip
    op(_name)(_reduce())
for _name in ("reduce_any", "reduce_all"):
    op(_name)(_reduce(boolean=True))


@op("argmax", "argmin", "math.argmax", "math.argmin")
def _argmax(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["input", "axis", "name", "dimension", "output_type"])
    axis = a.get("axis", a.get("dimension"))
    shape = sf.reduce(sf.static_shape(a.get("input")), 0 if axis is None else axis, False)
    return typed(shape, dtype_arg(a.get("output_type"), "int64"))


# ---------------------------------------------------------------- convolutions and pools


def _channels_first(fmt: Any) -> Any:
    if fmt is None or (isinstance(fmt, str) and fmt.startswith("N") and fmt.endswith("C")):
        return False
    if isinstance(fmt, str) and fmt.startswith("NC"):
        return True
    return None


def _nn_conv(rank: int) -> Handler:
    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        a = bind(args, kwargs, ["input", "filters", "strides", "padding"])
        x = a.get("input", kwargs.get("value"))
        f = a.get("filters", kwargs.get("filter"))
        first = _channels_first(kwargs.get("data_format"))
        fshape = sf.static_shape(f)
        if first is None or fshape is None or len(fshape) != rank + 2:
            return typed(None, dtype_of(x))
        strides = sf.nn_strides(a.get("strides", kwargs.get("stride", 1)), rank, first)
        dil = sf.nn_strides(kwargs.get("dilations", 1), rank, first)
        shape = sf.windowed(sf.static_shape(x), rank, list(fshape[:rank]), strides, a.get("padding"), first,
                            fshape[-1], dil)  # fmt: skip
        return typed(shape, dtype_of(x))

    return handler


op("nn.conv1d")(_nn_conv(1))
op("nn.conv2d")(_nn_conv(2))
op("nn.conv3d")(_nn_conv(3))


@op("nn.conv2d_transpose")
def _conv2d_transpose(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["value", "filter", "output_shape", "strides", "padding"])
    shape = shape_of(a.get("output_shape"))
    # TF keeps the batch dim of output_shape out of the static shape (observed: None).
    return typed((Unknown(),) + shape[1:] if isinstance(shape, tuple) and shape else None, dtype_of(a.get("value")))


def _nn_pool(rank: int) -> Handler:
    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        a = bind(args, kwargs, ["value", "ksize", "strides", "padding", "data_format"])
        x = a.get("value", kwargs.get("input"))
        first = _channels_first(a.get("data_format"))
        shape = sf.static_shape(x)
        if first is None or shape is None:
            return typed(None, dtype_of(x))
        ch = shape[1] if first else shape[-1]
        k = sf.nn_strides(a.get("ksize"), rank, first)
        s = sf.nn_strides(a.get("strides"), rank, first)
        return typed(sf.windowed(shape, rank, k, s, a.get("padding"), first, ch), dtype_of(x))

    return handler


for _rank, _names in ((1, ("nn.max_pool1d", "nn.avg_pool1d")), (2, ("nn.max_pool", "nn.avg_pool", "nn.max_pool2d",
                      "nn.avg_pool2d")), (3, ("nn.max_pool3d", "nn.avg_pool3d"))):  # fmt: skip
    op(*_names)(_nn_pool(_rank))


# ---------------------------------------------------------------- tensors' dtype


def _dtype_attribute(interp: Interp, obj: Any, attr: str, node: Any) -> Any:
    if attr == "dtype" and isinstance(obj, ValueTensor) and isinstance(obj.dtype, str):
        return DType(obj.dtype)
    return NotImplemented


REGISTRY.kind(ValueTensor).attribute = _dtype_attribute
# Dimension(None).value is None; anything else about it is unknown here.
REGISTRY.kind(NoneDim).attribute = lambda interp, obj, attr, node: None if attr == "value" else Unknown()


# ---------------------------------------------------------------- operators on tensors


def _is_tensor(v: Any) -> bool:
    return isinstance(v, (ValueTensor, VarObj))


def _operator(op_name: str, left: Any, right: Any) -> Any:
    """`a + b`, `a @ b` where both operands are tensors or numbers (an opaque
    TF object might be a list or anything else: not modelled)."""
    operands = (left, right)
    if any(isinstance(v, ValueTensor) and v.kind == "ndarray" for v in operands) and not all(
        _is_tensor(v) or isinstance(v, (int, float)) for v in operands
    ):
        return Plain()  # numpy with other data: inert data
    if not any(_is_tensor(v) for v in operands) or not all(
        _is_tensor(v) or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in operands
    ):
        return NotImplemented
    if op_name == "MatrixMultiply":
        return typed(sf.matmul(sf.static_shape(left), sf.static_shape(right)), dtype_of(left))
    if op_name not in ("Add", "Subtract", "Multiply", "Divide", "FloorDivide", "Modulo", "Power"):
        return NotImplemented
    return binary(left, right)


def _subscript(obj: Any, items: list) -> Any:
    if not _is_tensor(obj):
        return NotImplemented
    items = [None if isinstance(i, TFRef) and i.qual.endswith(".newaxis") else i for i in items]
    out = typed(sf.strided_slice(sf.static_shape(obj), items), dtype_of(obj))
    if isinstance(out, TFObject):
        out.deps = deps_of(obj)  # a slice has a gradient path to what it is cut from
    return out


REGISTRY.kind(TFObject).operator = _operator
REGISTRY.kind(TFObject).subscript = _subscript
