"""Output shapes of tf.layers / Keras / slim layers (their `compute_output_shape`),
from shape_functions: a convolution's spatial dims, pooling, flatten. A
layer after them then knows its input (the kernel of `dense(flatten(conv(x)))`)."""

from __future__ import annotations

from typing import Any

from scopelint.engine import shape_functions as sf
from scopelint.engine.shapes import tensor
from scopelint.engine.values import Unknown


def _first(c: dict) -> Any:
    fmt = c.get("data_format", "channels_last")
    if fmt in (None, "channels_last"):
        return False
    return True if fmt == "channels_first" else None


def dense(c: dict, x: Any) -> Any:
    shape = sf.static_shape(x)
    units = c.get("units")
    return tensor(shape[:-1] + (units if sf.is_int(units) else Unknown(),) if shape else None)


def _transpose_dim(size: Any, k: Any, stride: Any, padding: Any) -> Any:
    """deconv_output_length (no output_padding)."""
    if not (sf.is_int(k) and sf.is_int(stride)):
        return Unknown()
    if size is None or not sf.is_int(size):
        return size if size is None else Unknown()
    mode = padding.lower() if isinstance(padding, str) else None
    if mode == "same":
        return size * stride
    if mode == "valid":
        return size * stride + max(k - stride, 0)
    return Unknown()


def conv(c: dict, x: Any, rank: int, transpose: bool = False) -> Any:
    shape = sf.static_shape(x)
    first = _first(c)
    filters = c.get("filters")
    out_ch = filters if sf.is_int(filters) else Unknown()
    if shape is None or first is None or len(shape) != rank + 2:
        return tensor()
    padding = c.get("padding", "valid")
    k = sf.per_dim(c.get("kernel_size"), rank, -1)
    s = sf.per_dim(c.get("strides", 1), rank)
    d = sf.per_dim(c.get("dilation_rate", 1), rank)
    if transpose:
        spatial = shape[2:] if first else shape[1:-1]
        if k is None or s is None:
            dims: tuple = (Unknown(),) * rank
        else:
            dims = tuple(_transpose_dim(n, kk, ss, padding) for n, kk, ss in zip(spatial, k, s))
        return tensor((shape[0], out_ch) + dims if first else (shape[0],) + dims + (out_ch,))
    return tensor(sf.windowed(shape, rank, k, s, padding, first, out_ch, d))


def pool(c: dict, x: Any, rank: int) -> Any:
    shape = sf.static_shape(x)
    first = _first(c)
    if shape is None or first is None or len(shape) != rank + 2:
        return tensor()
    k = sf.per_dim(c.get("pool_size"), rank, -1)
    strides = c.get("strides")
    s = sf.per_dim(strides if strides is not None else c.get("pool_size"), rank)
    ch = shape[1] if first else shape[-1]
    return tensor(sf.windowed(shape, rank, k, s, c.get("padding", "valid"), first, ch))


def flatten(c: dict, x: Any) -> Any:
    shape = sf.static_shape(x)
    if shape is None or not shape or _first(c) is not False:
        return tensor()
    rest = shape[1:]
    size: Any = 1
    for d in rest:
        size = sf.mul_dims(size, d)
    return tensor((shape[0], size))


def same(c: dict, x: Any) -> Any:
    return tensor(sf.static_shape(x))


# ---------------------------------------------------------------- Keras layers (keras.py)


def keras_variable(c: dict, x: Any, name: str) -> Any:
    """The static shape of a Keras layer's variable (None when unknown)."""
    base = c.get("base")
    shape = sf.static_shape(x)
    last = shape[-1] if shape else Unknown()
    if base == "dense":
        units = c.get("units")
        return {"kernel": (last, units), "bias": (units,)}.get(name)
    if base in ("conv1d", "conv2d", "conv3d") and _first(c) is False and c.get("groups", 1) == 1:
        k = sf.per_dim(c.get("kernel_size"), int(base[-2]), -1)
        filters = c.get("filters")
        return {"kernel": tuple(k) + (last, filters) if k else None, "bias": (filters,)}.get(name)
    if base == "batch_normalization" and c.get("axis", -1) == -1:
        return (last,)
    if base == "embedding":
        return (c.get("input_dim"), c.get("output_dim"))
    return None


def keras_output(c: dict, x: Any) -> Any:
    base = c.get("base")
    if base == "dense":
        return dense(c, x)
    if base in ("conv1d", "conv2d", "conv3d"):
        return conv(c, x, int(base[-2]))
    if base == "batch_normalization":
        return same(c, x)
    if base == "embedding":
        shape = sf.static_shape(x)
        out = c.get("output_dim")
        return tensor(shape + (out if sf.is_int(out) else Unknown(),) if shape is not None else None)
    return tensor()


# ---------------------------------------------------------------- slim layers (slim.py)


def slim_output(real: str, a: dict, x: Any) -> Any:
    """The output shape of slim's `real` layer (convolution2d, fully_connected, batch_norm...)."""
    shape = sf.static_shape(x)
    if shape is None:
        return None
    n = a.get("num_outputs")
    n = n if sf.is_int(n) else Unknown()
    if real == "fully_connected":
        return shape[:-1] + (n,)
    if real in ("batch_norm", "layer_norm"):
        return shape
    fmt = a.get("data_format")
    if fmt not in (None, "NHWC", "NWC", "NDHWC"):
        return None
    config = {"filters": n, "kernel_size": a.get("kernel_size"), "padding": a.get("padding", "SAME")}
    if real.startswith("convolution") and real[-2:] in ("1d", "2d", "3d"):
        config.update(strides=a.get("stride", 1), dilation_rate=a.get("rate", 1))
        out = conv(config, x, int(real[-2]))
    elif real == "convolution2d_transpose":
        config.update(strides=a.get("stride", 1))
        out = conv(config, x, 2, transpose=True)
    else:
        return None
    return out.shape if isinstance(out.shape, tuple) else None
