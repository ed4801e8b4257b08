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
