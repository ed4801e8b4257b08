"""tf.contrib.layers / tf.contrib.slim (the tf_slim package in TF 2).

A contrib layer opens `variable_scope(scope, <default scope>, reuse=reuse)`
and makes `weights` / `biases` (its getter renames the core layer's
`kernel` / `bias`); `reuse=True` without `scope=` raises. `slim.repeat` and
`slim.stack` nest `<scope>/<scope>_<i>` scopes. `slim.arg_scope` only
supplies default keyword arguments.
"""

from __future__ import annotations

from typing import Any

import scopelint.engine.library.layer_shapes as layer_shapes
from scopelint.engine.dispatch import REGISTRY, bind, canonical
from scopelint.engine.library.scoping import make_variables, scope_cm, within
from scopelint.engine.objects import DictVal, FuncVal, LibraryCM, LibraryObject, ListVal, TFRef
from scopelint.engine.protocol import Interp
from scopelint.engine.shapes import int_or_unknown, kernel_dims, last_dim, tensor
from scopelint.engine.values import Unknown, is_text, sym

# name -> (default scope, argument names, variables fn(args, input) -> [(name, shape, trainable)])
_LAYERS: dict = {}


def _bias(a: dict, out: list, n: Any) -> list:
    normalizer = a.get("normalizer_fn")
    if normalizer is not None:
        return out  # the normalizer replaces the biases (and is called in the scope)
    init = a.get("biases_initializer", "default")
    if init is None:
        return out
    out.append(("biases", (n,), True))
    return out


def _fc(a: dict, x: Any) -> list:
    n = int_or_unknown(a.get("num_outputs"))
    return _bias(a, [("weights", (last_dim(x), n), True)], n)


def _conv(rank: int, transpose: bool = False) -> Any:
    def spec(a: dict, x: Any) -> list:
        n = int_or_unknown(a.get("num_outputs"))
        k = kernel_dims(a.get("kernel_size"), rank)
        c = last_dim(x)
        return _bias(a, [("weights", k + ((n, c) if transpose else (c, n)), True)], n)

    return spec


def _batch_norm(a: dict, x: Any) -> list:
    d = last_dim(x)
    out = []
    center, scale = a.get("center", True), a.get("scale", False)
    if not isinstance(center, bool) or not isinstance(scale, bool):
        return [(Unknown(), None, True)]
    if center:
        out.append(("beta", (d,), True))
    if scale:
        out.append(("gamma", (d,), True))
    return out + [("moving_mean", (d,), False), ("moving_variance", (d,), False)]


def _layer_norm(a: dict, x: Any) -> list:
    d = last_dim(x)
    center, scale = a.get("center", True), a.get("scale", True)
    if not isinstance(center, bool) or not isinstance(scale, bool):
        return [(Unknown(), None, True)]
    return ([("beta", (d,), True)] if center else []) + ([("gamma", (d,), True)] if scale else [])


_CONV_ARGS = [
    "inputs",
    "num_outputs",
    "kernel_size",
    "stride",
    "padding",
    "data_format",
    "rate",
    "activation_fn",
    "normalizer_fn",
    "normalizer_params",
    "weights_initializer",
    "weights_regularizer",
    "biases_initializer",
    "biases_regularizer",
    "reuse",
    "variables_collections",
    "outputs_collections",
    "trainable",
    "scope",
]
_FC_ARGS = [
    "inputs",
    "num_outputs",
    "activation_fn",
    "normalizer_fn",
    "normalizer_params",
    "weights_initializer",
    "weights_regularizer",
    "biases_initializer",
    "biases_regularizer",
    "reuse",
    "variables_collections",
    "outputs_collections",
    "trainable",
    "scope",
]
_TRANSPOSE_ARGS = [
    "inputs",
    "num_outputs",
    "kernel_size",
    "stride",
    "padding",
    "data_format",
    "activation_fn",
    "normalizer_fn",
    "normalizer_params",
    "weights_initializer",
    "weights_regularizer",
    "biases_initializer",
    "biases_regularizer",
    "reuse",
    "variables_collections",
    "outputs_collections",
    "trainable",
    "scope",
]
_BN_ARGS = [
    "inputs",
    "decay",
    "center",
    "scale",
    "epsilon",
    "activation_fn",
    "param_initializers",
    "param_regularizers",
    "updates_collections",
    "is_training",
    "reuse",
    "variables_collections",
    "outputs_collections",
    "trainable",
    "batch_weights",
    "fused",
    "data_format",
    "zero_debias_moving_mean",
    "scope",
]
_LN_ARGS = [
    "inputs",
    "center",
    "scale",
    "activation_fn",
    "reuse",
    "variables_collections",
    "outputs_collections",
    "trainable",
    "begin_norm_axis",
    "begin_params_axis",
    "scope",
]

for _n in ("fully_connected", "fc", "linear"):
    _LAYERS[_n] = ("fully_connected", _FC_ARGS, _fc, "fully_connected")
for _n in ("conv2d", "convolution2d", "convolution"):
    _LAYERS[_n] = ("Conv", _CONV_ARGS, _conv(2), "convolution2d")
for _n in ("conv1d", "convolution1d"):
    _LAYERS[_n] = ("Conv", _CONV_ARGS, _conv(1), "convolution1d")
for _n in ("conv3d", "convolution3d"):
    _LAYERS[_n] = ("Conv", _CONV_ARGS, _conv(3), "convolution3d")
for _n in ("conv2d_transpose", "convolution2d_transpose"):
    _LAYERS[_n] = ("Conv2d_transpose", _TRANSPOSE_ARGS, _conv(2, True), "convolution2d_transpose")
_LAYERS["batch_norm"] = ("BatchNorm", _BN_ARGS, _batch_norm, "batch_norm")
_LAYERS["layer_norm"] = ("LayerNorm", _LN_ARGS, _layer_norm, "layer_norm")

# ---------------------------------------------------------------- arg_scope

ALL = object()  # arg_scope defaults that apply to every op (list unknown)


def _arg_scopes(interp: Interp) -> list:
    stack: list = interp.library_state.setdefault("slim.arg_scopes", [])
    return stack


def _defaults(interp: Interp, op: str) -> dict:
    out: dict = {}
    for layer in _arg_scopes(interp):
        if layer is ALL:
            return {
                "scope": Unknown(),
                "reuse": Unknown(),
                "normalizer_fn": Unknown(),
                "biases_initializer": Unknown(),
                "center": Unknown(),
                "scale": Unknown(),
                "trainable": Unknown(),
                **{k: Unknown() for k in ("padding", "stride", "rate", "data_format")},  # shapes unknown too
            }
        for ops, kwargs in layer:
            if ops is ALL or op in ops:
                out.update(kwargs)
    return out


def _arg_scope(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    ops = args[0] if args else kwargs.pop("list_ops_or_scope", None)
    kwargs = {k: v for k, v in kwargs.items() if k != "list_ops_or_scope"}
    if isinstance(ops, LibraryObject) and ops.kind == "arg_scope":
        entry: Any = ("replace", ops.config["stack"])
    else:
        items = ops.items if isinstance(ops, ListVal) else ops if isinstance(ops, tuple) else None
        if items is None:
            entry = ((ALL, kwargs),)
        else:
            names = {canonical(i.qual).rsplit(".", 1)[-1] for i in items if isinstance(i, TFRef)}
            names = {_LAYERS[n][3] if n in _LAYERS else n for n in names}
            entry = ((frozenset(names), kwargs),)

    def enter(interp: Interp, node: Any) -> Any:
        stack = _arg_scopes(interp)
        saved = list(stack)
        if isinstance(entry, tuple) and entry and entry[0] == "replace":
            stack[:] = list(entry[1])
        else:
            stack.append(entry)
        snapshot = LibraryObject("arg_scope", {"stack": tuple(stack)})

        def exit_fn() -> None:
            stack[:] = saved

        return snapshot, exit_fn

    return LibraryCM(enter)


REGISTRY.add_api("contrib.slim.arg_scope", _arg_scope)
REGISTRY.kind(LibraryCM).enter = lambda interp, cm, node: cm.enter(interp, node)

# ---------------------------------------------------------------- layers


def _layer(op: str) -> Any:
    default_scope, names, variables, real = _LAYERS[op]

    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        a = dict(_defaults(interp, real))
        a.update(bind(args, kwargs, names))
        x = a.get("inputs")
        scope, reuse = a.get("scope"), a.get("reuse")
        api = f"contrib.slim.{real}"
        trainable = a.get("trainable", True)
        normalizer = a.get("normalizer_fn")

        def build(_scope: Any) -> None:
            make_variables(interp, node, api, variables(a, x), trainable if isinstance(trainable, bool) else Unknown())
            if normalizer is not None:
                params = a.get("normalizer_params")
                extra: dict = {}
                if isinstance(params, DictVal) and all(isinstance(k, str) for k in params.d.keys()):
                    extra = dict(params.d.data)
                if params is not None and not extra and not isinstance(params, DictVal):
                    interp.graph.open_store()
                    return
                interp.call(normalizer, [tensor(layer_shapes.slim_output(real, a, x))], extra, node)

        within(interp, node, scope_cm(interp, node, scope, default_name=default_scope, reuse=reuse), build)
        return tensor(layer_shapes.slim_output(real, a, x))

    return handler


for _op in _LAYERS:
    REGISTRY.add_api(f"contrib.slim.{_op}", _layer(_op))


def _pool(op: str) -> Any:
    """slim.max_pool2d / avg_pool2d: no variables; the output shape (arg_scope defaults apply)."""

    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        a = dict(_defaults(interp, op))
        a.update(bind(args, kwargs, ["inputs", "kernel_size", "stride", "padding", "data_format"]))
        if a.get("data_format", "NHWC") != "NHWC":
            return tensor()
        config = {
            "pool_size": a.get("kernel_size"),
            "strides": a.get("stride", 2),
            "padding": a.get("padding", "VALID"),
        }
        return layer_shapes.pool(config, a.get("inputs"), 2)

    return handler


for _op in ("max_pool2d", "avg_pool2d"):
    REGISTRY.add_api(f"contrib.slim.{_op}", _pool(_op), value_only=True)
REGISTRY.add_api(
    "contrib.slim.flatten", lambda interp, args, kwargs, node: layer_shapes.flatten({}, args[0] if args else None),
    value_only=True,
)  # fmt: skip


def _repeat(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    kwargs = dict(kwargs)
    scope = kwargs.pop("scope", None)
    if len(args) < 3:
        return interp.unknown_call(args, kwargs)
    inputs, repetitions, layer, rest = args[0], args[1], args[2], list(args[3:])

    def run(_s: Any) -> Any:
        base = scope if scope is not None else func_name(layer)
        out = inputs
        if not isinstance(repetitions, int) or isinstance(repetitions, bool):
            interp.graph.open_store()
            return Unknown()
        for i in range(repetitions):
            kw = dict(kwargs, scope=sym(base, f"_{i + 1}") if is_text(base) else Unknown())
            out = interp.call(layer, [out] + rest, kw, node)
        return out

    return within(interp, node, scope_cm(interp, node, scope, default_name="Repeat"), run)


def _stack(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    kwargs = dict(kwargs)
    scope = kwargs.pop("scope", None)
    if len(args) < 3:
        return interp.unknown_call(args, kwargs)
    inputs, layer, stack_args = args[0], args[1], args[2]
    items = (
        stack_args.items if isinstance(stack_args, ListVal) else stack_args if isinstance(stack_args, tuple) else None
    )

    def run(_s: Any) -> Any:
        base = scope if scope is not None else func_name(layer)
        if items is None:
            interp.graph.open_store()
            return Unknown()
        out = inputs
        for i, item in enumerate(items):
            layer_args = list(item) if isinstance(item, tuple) else [item]
            kw = dict(kwargs, scope=sym(base, f"_{i + 1}") if is_text(base) else Unknown())
            out = interp.call(layer, [out] + layer_args, kw, node)
        return out

    return within(interp, node, scope_cm(interp, node, scope, default_name="Stack"), run)


REGISTRY.add_api("contrib.slim.repeat", _repeat)
REGISTRY.add_api("contrib.slim.stack", _stack)


def func_name(value: Any) -> Any:
    """`layer.__name__` of a function handed to slim.repeat / slim.stack."""
    if isinstance(value, FuncVal):
        return value.name
    if isinstance(value, TFRef):
        name = canonical(value.qual).rsplit(".", 1)[-1]
        return _FUNCTION_NAMES.get(name, name)
    return Unknown()


# slim's short names are aliases: `__name__` is the real function's.
_FUNCTION_NAMES = {
    "conv2d": "convolution2d",
    "conv1d": "convolution1d",
    "conv3d": "convolution3d",
    "conv2d_transpose": "convolution2d_transpose",
    "conv3d_transpose": "convolution3d_transpose",
    "separable_conv2d": "separable_convolution2d",
    "fc": "fully_connected",
    "linear": "fully_connected",
}
