"""TF's shape functions, statically: the output shape of an op from its
inputs' static shapes, as TF computes it at graph construction
(tensorflow/core/ops/*.cc and common_shape_fns.cc).

A shape is a tuple of dims or `None` (rank unknown to the analysis). A dim is
an int, `None` (TF itself does not know it: a placeholder's batch
dimension) or `Unknown()` (the analysis does not know what TF knows). Every
function answers `None`/`Unknown()` rather than guess: unknown is allowed,
wrong is a bug.
"""

from __future__ import annotations

import math
from typing import Any, Optional

from scopelint.engine.objects import ListVal, TFObject
from scopelint.engine.shapes import NoneDim
from scopelint.engine.values import Unknown, is_unknown

Shape = Optional[tuple]


def is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def static_shape(x: Any) -> Shape:
    """The static shape of a tensor-like value (a tensor, a variable, a Python number or nested list)."""
    if isinstance(x, TFObject):
        shape = x.shape
        if isinstance(shape, tuple):
            return tuple(d if is_int(d) or d is None else Unknown() for d in shape)
        return None
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return ()
    items = x.items if isinstance(x, ListVal) else x if isinstance(x, tuple) else None
    if items is not None and items:
        subs = [static_shape(i) if not isinstance(i, TFObject) else None for i in items]
        first = subs[0]
        if first is not None and all(s == first for s in subs) and not any(is_unknown(d) for d in first):
            return (len(items),) + first
    return None


def int_list(value: Any) -> Optional[list]:
    """A Python list/tuple of ints (or an int), else None."""
    if is_int(value):
        return [value]
    items = value.items if isinstance(value, ListVal) else value if isinstance(value, (tuple, list)) else None
    if items is None or not all(is_int(i) for i in items):
        return None
    return list(items)


def norm_axis(axis: Any, rank: int) -> Optional[int]:
    if not is_int(axis) or not -rank <= axis < rank:
        return None
    return axis % rank


def merge_dim(a: Any, b: Any) -> Any:
    """Two dims TF requires equal: the known one (Unknown when either is unknown to the analysis)."""
    if is_unknown(a) or is_unknown(b):
        return Unknown()
    return a if a is not None else b


def add_dims(a: Any, b: Any) -> Any:
    if is_int(a) and is_int(b):
        return a + b
    if is_unknown(a) or is_unknown(b):
        return Unknown()
    return None


def mul_dims(a: Any, b: Any) -> Any:
    if is_int(a) and is_int(b):
        return a * b
    if is_unknown(a) or is_unknown(b):
        return Unknown()
    return None


def broadcast(a: Shape, b: Shape) -> Shape:
    """BroadcastBinaryOpOutputShapeFn."""
    if a is None or b is None:
        return None
    out: list = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if is_unknown(x) or is_unknown(y):
            out.append(Unknown())
        elif x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None and y is None:
            out.append(None)
        elif x is None or y is None:
            known = x if y is None else y
            out.append(known)  # the unknown one must be 1 or equal: the known one (>1) wins
        else:
            out.append(x if x == y else Unknown())  # unequal: TF raises; not ours to say
    return tuple(reversed(out))


def matmul(a: Shape, b: Shape, ta: Any = False, tb: Any = False) -> Shape:
    if a is None or b is None or not isinstance(ta, bool) or not isinstance(tb, bool):
        return None
    if len(a) < 2 or len(a) != len(b):
        return None
    m = a[-1] if ta else a[-2]
    n = b[-2] if tb else b[-1]
    batch = tuple(merge_dim(x, y) for x, y in zip(a[:-2], b[:-2]))
    return batch + (m, n)


def reshape(x: Shape, target: Any) -> Shape:
    """ReshapeShapeFn for a literal target shape (one -1 inferred when the input's size is known)."""
    items: Any = target.items if isinstance(target, ListVal) else target if isinstance(target, tuple) else None
    if is_int(target):
        items = (target,)
    if items is None:
        return None
    out: list = []
    for d in list(items):
        if d is None or isinstance(d, NoneDim):
            out.append(None)  # a Dimension(None) read from another shape
        elif is_int(d) and d >= -1:
            out.append(d)
        else:
            out.append(Unknown())
    if out.count(-1) > 1:
        return None
    if -1 in out:
        i = out.index(-1)
        size = _size(x)
        rest = _size(tuple(out[:i] + out[i + 1 :]))
        if is_int(size) and is_int(rest) and rest > 0 and size % rest == 0:
            out[i] = size // rest
        elif x is not None and None in x and not any(is_unknown(d) for d in x):
            out[i] = None  # the input's size is unknown to TF: so is the inferred dim
        else:
            out[i] = Unknown()
    return tuple(out)


def _size(shape: Shape) -> Any:
    if shape is None:
        return Unknown()
    out = 1
    for d in shape:
        if not is_int(d):
            return Unknown()
        out *= d
    return out


def transpose(x: Shape, perm: Any) -> Shape:
    if x is None:
        return None
    if perm is None:
        return tuple(reversed(x))
    p = int_list(perm)
    if p is None or sorted(p) != list(range(len(x))):
        return None
    return tuple(x[i] for i in p)


def concat(shapes: list, axis: Any) -> Shape:
    if not shapes or any(s is None for s in shapes):
        return None
    rank = len(shapes[0])
    ax = norm_axis(axis, rank)
    if ax is None or any(len(s) != rank for s in shapes):
        return None
    out: list = []
    for i in range(rank):
        column = [s[i] for s in shapes]
        if i == ax:
            total: Any = 0
            for d in column:
                total = add_dims(total, d)
            out.append(total)
        else:
            merged = column[0]
            for d in column[1:]:
                merged = merge_dim(merged, d)
            out.append(merged)
    return tuple(out)


def stack(shapes: list, axis: Any) -> Shape:
    if not shapes or any(s is None for s in shapes):
        return None
    rank = len(shapes[0])
    if any(len(s) != rank for s in shapes):
        return None
    ax = norm_axis(axis, rank + 1)
    if ax is None:
        return None
    merged = list(shapes[0])
    for s in shapes[1:]:
        merged = [merge_dim(x, y) for x, y in zip(merged, s)]
    return tuple(merged[:ax]) + (len(shapes),) + tuple(merged[ax:])


def unstack(x: Shape, axis: Any) -> tuple:
    """(count or Unknown, element shape)."""
    if x is None:
        return Unknown(), None
    ax = norm_axis(axis, len(x))
    if ax is None:
        return Unknown(), None
    count = x[ax] if is_int(x[ax]) else Unknown()
    return count, x[:ax] + x[ax + 1 :]


def split(x: Shape, num_or_sizes: Any, axis: Any) -> Optional[list]:
    """The shapes of the parts (None when their number is unknown)."""
    if x is None:
        return None
    ax = norm_axis(axis, len(x))
    if ax is None:
        return None
    if is_int(num_or_sizes):
        n = num_or_sizes
        d = x[ax]
        part = d // n if is_int(d) and n > 0 and d % n == 0 else None if d is None else Unknown()
        return [x[:ax] + (part,) + x[ax + 1 :] for _ in range(n)] if 0 < n <= 64 else None
    sizes = int_list(num_or_sizes)
    if sizes is None or -1 in sizes or len(sizes) > 64:
        return None
    return [x[:ax] + (s,) + x[ax + 1 :] for s in sizes]


def expand_dims(x: Shape, axis: Any) -> Shape:
    if x is None:
        return None
    ax = norm_axis(axis, len(x) + 1)
    if ax is None:
        return None
    return x[:ax] + (1,) + x[ax:]


def squeeze(x: Shape, axis: Any) -> Shape:
    if x is None:
        return None
    if axis is None or (isinstance(axis, ListVal) and axis.items == []):
        if any(not is_int(d) for d in x):
            return None  # TF: an unknown dim may be 1, so the rank is unknown
        return tuple(d for d in x if d != 1)
    axes = int_list(axis)
    if axes is None:
        return None
    drop = {norm_axis(a, len(x)) for a in axes}
    if None in drop:
        return None
    return tuple(d for i, d in enumerate(x) if i not in drop)


def tile(x: Shape, multiples: Any) -> Shape:
    m = int_list(multiples)
    if x is None or m is None or len(m) != len(x):
        return None
    return tuple(mul_dims(d, k) for d, k in zip(x, m))


def pad(x: Shape, paddings: Any) -> Shape:
    items = paddings.items if isinstance(paddings, ListVal) else paddings if isinstance(paddings, tuple) else None
    if x is None or items is None or len(items) != len(x):
        return None
    out: list = []
    for d, p in zip(x, items):
        pair = int_list(p)
        if pair is None or len(pair) != 2:
            return None
        out.append(add_dims(d, pair[0] + pair[1]))
    return tuple(out)


def gather(params: Shape, indices: Shape, axis: Any = 0) -> Shape:
    if params is None or indices is None:
        return None
    ax = norm_axis(axis, len(params))
    if ax is None:
        return None
    return params[:ax] + indices + params[ax + 1 :]


def one_hot(indices: Shape, depth: Any, axis: Any = -1) -> Shape:
    if indices is None or not (is_int(depth) and depth >= 0):
        return None
    if axis == -1 or axis is None:
        return indices + (depth,)
    ax = norm_axis(axis, len(indices) + 1)
    return None if ax is None else indices[:ax] + (depth,) + indices[ax:]


def reduce(x: Shape, axis: Any, keepdims: Any) -> Shape:
    if x is None or not isinstance(keepdims, bool):
        return None
    if axis is None:
        return (1,) * len(x) if keepdims else ()
    axes = int_list(axis)
    if axes is None:
        return None
    drop = {norm_axis(a, len(x)) for a in axes}
    if None in drop:
        return None
    if keepdims:
        return tuple(1 if i in drop else d for i, d in enumerate(x))
    return tuple(d for i, d in enumerate(x) if i not in drop)


def window(size: Any, k: Any, stride: Any, padding: Any, dilation: Any = 1) -> Any:
    """One spatial dim of a conv / pool output (GetWindowedOutputSize)."""
    if not (is_int(k) and is_int(stride) and is_int(dilation) and stride > 0):
        return Unknown()
    if size is None:
        return None
    if not is_int(size):
        return Unknown()
    pad_mode = padding.upper() if isinstance(padding, str) else None
    effective = (k - 1) * dilation + 1
    if pad_mode == "SAME":
        return math.ceil(size / stride)
    if pad_mode == "VALID":
        return max(0, math.ceil((size - effective + 1) / stride))
    return Unknown()


def per_dim(value: Any, rank: int, default: int = 1) -> Optional[list]:
    """An int or list argument (kernel size, strides) as `rank` ints."""
    if value is None:
        return [default] * rank
    items = int_list(value)
    if items is None:
        return None
    if len(items) == 1:
        return items * rank
    return items if len(items) == rank else None


def windowed(x: Shape, rank: int, k: Any, strides: Any, padding: Any, channels_first: bool, out_ch: Any,
             dilation: Any = None) -> Shape:  # fmt: skip
    """A conv or pool of spatial `rank` on `x`: batch, spatial dims, channels `out_ch`."""
    if x is None or len(x) != rank + 2:
        return None
    ks, ss, ds = per_dim(k, rank, -1), per_dim(strides, rank), per_dim(dilation, rank)
    spatial = x[2:] if channels_first else x[1:-1]
    if ks is None or ss is None or ds is None:
        dims_out: tuple = (Unknown(),) * rank
    else:
        dims_out = tuple(window(s, kk, st, padding, dd) for s, kk, st, dd in zip(spatial, ks, ss, ds))
    if channels_first:
        return (x[0], out_ch) + dims_out
    return (x[0],) + dims_out + (out_ch,)


def nn_strides(strides: Any, rank: int, channels_first: bool) -> Any:
    """tf.nn's strides/ksize: an int, a list of `rank` ints, or the full `rank + 2` list."""
    items = int_list(strides)
    if items is None:
        return None
    if len(items) == rank + 2:
        return items[2:] if channels_first else items[1:-1]
    if len(items) in (1, rank):
        return items
    return None


def strided_slice(x: Shape, items: list) -> Shape:
    """`x[...]` with ints, slices of ints, `...` and `None` (tf.newaxis)."""
    if x is None or sum(1 for i in items if i is Ellipsis) > 1:
        return None
    consuming = [i for i in items if i is not None and i is not Ellipsis]
    if len(consuming) > len(x):
        return None
    if Ellipsis in items:
        at = items.index(Ellipsis)
        fill = [slice(None)] * (len(x) - len(consuming))
        items = items[:at] + fill + items[at + 1 :]
    else:
        items = items + [slice(None)] * (len(x) - len(consuming))
    out: list = []
    pos = 0
    for item in items:
        if item is None:
            out.append(1)
            continue
        d = x[pos]
        pos += 1
        if is_int(item):
            if is_int(d) and not -d <= item < d:
                return None  # TF raises: not ours to say
            continue
        if not isinstance(item, slice):
            return None
        bounds = (item.start, item.stop, item.step)
        if not all(b is None or is_int(b) for b in bounds) or item.step == 0:
            return None
        if bounds == (None, None, None) or (item.step in (None, 1) and item.start in (None, 0) and item.stop is None):
            out.append(d)
        elif is_int(d):
            out.append(len(range(*item.indices(d))))
        else:
            out.append(Unknown() if is_unknown(d) else None)
    return tuple(out)
