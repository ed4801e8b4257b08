"""tf.layers (TF 1.x legacy layers, in TF 2 from tf_keras' legacy_tf_layers).

A legacy layer names its variables through the variable store
(`legacy_tf_layers/base.py`): `_init_set_name`, `_set_scope` and
`add_weight`, mirrored by `new_layer`, `set_scope` and `layer_call`. RNN
cells are legacy layers too (rnn.py builds on this module).
"""

from __future__ import annotations

from typing import Any, Callable

from scopelint.engine import tfapi
from scopelint.engine.library.common import (
    OBJECT_CALL_BY_KIND,
    PROPERTIES,
    capture,
    dims,
    int_or_unknown,
    kernel_dims,
    last_dim,
    make_variables,
    method,
    product,
    scope_cm,
    tensor,
    within,
)
from scopelint.engine.model import VarScope, reuse_truthy
from scopelint.engine.objects import LibraryObject
from scopelint.engine.values import Unknown, is_text, is_unknown

LAYER = "legacy_layer"

# A layer kind: the variables it makes from its config and input shape, in
# TF's order, and its output shape.
VARIABLES: dict = {}  # base name -> fn(config, input) -> [(name, shape, trainable)]
OUTPUT: dict = {}  # base name -> fn(config, input) -> output value
BODY: dict = {}  # base name -> fn(interp, layer, input, node, api) for layers that call other layers


def new_layer(interp: Any, node: Any, base: str, config: dict, name: Any = None, scope: Any = None, reuse: Any = None) -> LibraryObject:
    """Layer.__init__: `_init_set_name` and the `_scope` captured at construction."""
    if name is None or (isinstance(name, str) and name == ""):
        interp.graph.unique_layer_name(base)  # the per-graph layer-name counter
        base_name: Any = base
    elif is_text(name):
        base_name = name
    else:
        base_name = Unknown()
    layer = LibraryObject(LAYER, dict(config, kind=base, base_name=base_name, reuse=reuse), node, scope=None, built=False)
    if scope is not None and not (isinstance(scope, str) and scope == ""):
        layer.f["scope"] = capture(interp, node, scope_cm(interp, node, scope))
    return layer


def set_scope(interp: Any, layer: LibraryObject, node: Any, scope_arg: Any = None) -> Any:
    """Layer._set_scope: the scope is captured at the first call."""
    current = layer.f["scope"]
    if isinstance(current, VarScope):
        return current
    if current is not None:  # paths disagreed on whether it was captured
        scope = capture(interp, node, scope_cm(interp, node, Unknown()))
    else:
        reuse = reuse_truthy(layer.config["reuse"])
        base = layer.config["base_name"]
        if reuse is None:
            scope = capture(interp, node, scope_cm(interp, node, Unknown()))
        elif reuse:
            scope = capture(interp, node, scope_cm(interp, node, scope_arg if scope_arg is not None else base))
        else:
            scope = capture(interp, node, scope_cm(interp, node, scope_arg, default_name=base))
    layer.f["scope"] = scope
    return scope


def layer_call(interp: Any, layer: LibraryObject, inputs: Any, node: Any, api: str, scope_arg: Any = None) -> Any:
    """Layer.__call__: builds (creates its variables) on the first call only;
    a built layer makes no get_variable call at all."""
    kind = layer.config["kind"]
    scope = set_scope(interp, layer, node, scope_arg)
    built = layer.f["built"]
    if built is not True:
        if built is not False:  # built on some paths only
            interp.graph.open_store()
        else:
            cm = scope_cm(interp, node, scope, reuse=layer.config["reuse"], aux=False)
            body = BODY.get(kind)
            if body is not None:
                within(interp, node, cm, lambda _s: body(interp, layer, inputs, node, api))
            else:
                specs = VARIABLES.get(kind, _no_variables)(layer.config, inputs)

                def build(_scope: Any) -> None:
                    make_variables(interp, node, api, specs)

                within(interp, node, cm, build)
        layer.f["built"] = True
    out = OUTPUT.get(kind)
    return out(layer.config, inputs) if out is not None else tensor()


def _no_variables(config: dict, inputs: Any) -> list:
    return []


OBJECT_CALL_BY_KIND[LAYER] = lambda interp, layer, args, kwargs, node: layer_call(
    interp, layer, args[0] if args else kwargs.get("inputs"), node, f"layers.{layer.config['kind']}", kwargs.get("scope")
)
method(LAYER, "apply", "__call__")(
    lambda interp, layer, args, kwargs, node: layer_call(interp, layer, args[0] if args else kwargs.get("inputs"), node, f"layers.{layer.config['kind']}", kwargs.get("scope"))
)
PROPERTIES[(LAYER, "name")] = lambda interp, layer: layer.config["base_name"] if layer.config.get("name_given") else Unknown()
for _attr in ("variables", "trainable_variables", "weights", "trainable_weights", "kernel", "bias"):
    PROPERTIES[(LAYER, _attr)] = lambda interp, layer: Unknown()


# ---------------------------------------------------------------- the layers

_LAYER_ARGS = {
    "dense": ["inputs", "units", "activation", "use_bias"],
    "conv1d": ["inputs", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation", "use_bias"],
    "conv2d": ["inputs", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation", "use_bias"],
    "conv3d": ["inputs", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation", "use_bias"],
    "conv2d_transpose": ["inputs", "filters", "kernel_size", "strides", "padding", "data_format", "activation", "use_bias"],
    "conv3d_transpose": ["inputs", "filters", "kernel_size", "strides", "padding", "data_format", "activation", "use_bias"],
    "separable_conv1d": ["inputs", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "depth_multiplier", "activation", "use_bias"],
    "separable_conv2d": ["inputs", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "depth_multiplier", "activation", "use_bias"],
    "batch_normalization": ["inputs", "axis", "momentum", "epsilon", "center", "scale"],
}
_CLASSES = {
    "Dense": "dense", "Conv1D": "conv1d", "Conv2D": "conv2d", "Conv3D": "conv3d",
    "Conv2DTranspose": "conv2d_transpose", "Conv3DTranspose": "conv3d_transpose",
    "SeparableConv1D": "separable_conv1d", "SeparableConv2D": "separable_conv2d",
    "BatchNormalization": "batch_normalization",
    "Convolution1D": "conv1d", "Convolution2D": "conv2d", "Convolution3D": "conv3d",
    "Convolution2DTranspose": "conv2d_transpose", "Convolution3DTranspose": "conv3d_transpose",
    "Deconvolution2D": "conv2d_transpose", "Deconvolution3D": "conv3d_transpose",
}
_CLASS_BASE = {
    # to_snake_case(class name): the default variable scope of an unnamed object
    "Conv2DTranspose": "conv2d_transpose", "Conv3DTranspose": "conv3d_transpose",
    "Convolution2DTranspose": "conv2d_transpose", "Convolution3DTranspose": "conv3d_transpose",
    "Deconvolution2D": "conv2d_transpose", "Deconvolution3D": "conv3d_transpose",
    "Convolution1D": "conv1d", "Convolution2D": "conv2d", "Convolution3D": "conv3d",
}
_RANK = {"conv1d": 1, "conv2d": 2, "conv3d": 3, "conv2d_transpose": 2, "conv3d_transpose": 3, "separable_conv1d": 1, "separable_conv2d": 2}


def _flag(config: dict, key: str, default: bool) -> Any:
    value = config.get(key, default)
    return value if isinstance(value, bool) else Unknown()


def _dense_vars(c: dict, x: Any) -> list:
    units = int_or_unknown(c.get("units"))
    return _with_bias(c, [("kernel", (last_dim(x), units), True)], units)


def _with_bias(c: dict, out: list, units: Any) -> list:
    use_bias = _flag(c, "use_bias", True)
    if use_bias is True:
        out.append(("bias", (units,), True))
    elif use_bias is not False:
        out.append(("bias?", None, True))  # unknown: marks the spec unknown
    return out


def _conv_vars(c: dict, x: Any) -> list:
    kind = c["kind"]
    rank = _RANK[kind]
    filters = int_or_unknown(c.get("filters"))
    k = kernel_dims(c.get("kernel_size"), rank)
    channels = _channels(c, x)
    if kind.endswith("_transpose"):
        kernel = k + (filters, channels)
    else:
        kernel = k + (channels, filters)
    if kind.startswith("separable"):
        dm = int_or_unknown(c.get("depth_multiplier", 1))
        depth = channels * dm if isinstance(channels, int) and isinstance(dm, int) else Unknown()
        out = [("depthwise_kernel", k + (channels, dm), True), ("pointwise_kernel", (1,) * rank + (depth, filters), True)]
        return _with_bias(c, out, filters)
    return _with_bias(c, [("kernel", kernel, True)], filters)


def _channels(c: dict, x: Any) -> Any:
    fmt = c.get("data_format", "channels_last")
    if fmt in (None, "channels_last"):
        return last_dim(x)
    shape = dims(x)
    if fmt == "channels_first" and shape and len(shape) > 1:
        return shape[1]
    return Unknown()


def _bn_vars(c: dict, x: Any) -> list:
    axis = c.get("axis", -1)
    shape = dims(x)
    dim = shape[axis] if shape and isinstance(axis, int) and -len(shape) <= axis < len(shape) else Unknown()
    out = []
    for key, default, name in (("scale", True, "gamma"), ("center", True, "beta")):
        flag = _flag(c, key, default)
        if flag is True:
            out.append((name, (dim,), True))
        elif flag is not False:
            out.append((name + "?", None, True))
    out += [("moving_mean", (dim,), False), ("moving_variance", (dim,), False)]
    return out


def _dense_out(c: dict, x: Any) -> Any:
    shape = dims(x)
    return tensor(shape[:-1] + (int_or_unknown(c.get("units")),) if shape else None)


def _conv_out(c: dict, x: Any) -> Any:
    shape = dims(x)
    if not shape:
        return tensor()
    if c.get("data_format", "channels_last") in (None, "channels_last"):
        return tensor((shape[0],) + (Unknown(),) * (len(shape) - 2) + (int_or_unknown(c.get("filters")),))
    return tensor()


def _same_out(c: dict, x: Any) -> Any:
    return tensor(dims(x))


for _kind in ("dense",):
    VARIABLES[_kind] = _dense_vars
    OUTPUT[_kind] = _dense_out
for _kind in _RANK:
    VARIABLES[_kind] = _conv_vars
    OUTPUT[_kind] = _conv_out
VARIABLES["batch_normalization"] = _bn_vars
OUTPUT["batch_normalization"] = _same_out


def _unknown_spec(specs: list) -> bool:
    return any(name.endswith("?") for name, _s, _t in specs)


# Wrap VARIABLES so that an unknown flag (use_bias=<runtime value>) gives
# unknown names rather than a guess.
def _guarded(fn: Callable) -> Callable:
    def spec(c: dict, x: Any) -> list:
        specs = fn(c, x)
        if _unknown_spec(specs):
            return [(Unknown(), None, True)]
        return specs

    return spec


for _kind in list(VARIABLES):
    VARIABLES[_kind] = _guarded(VARIABLES[_kind])


def _functional(kind: str) -> Callable:
    names = _LAYER_ARGS[kind]

    def handler(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
        a = tfapi.bind(args, kwargs, names)
        name = a.get("name")
        if name is not None and not is_text(name):
            name = Unknown()
        layer = new_layer(interp, node, kind, a, name=name, scope=name, reuse=a.get("reuse"))
        layer.config["name_given"] = name is not None
        return layer_call(interp, layer, a.get("inputs"), node, f"layers.{kind}")

    return handler


def _class(cls_name: str, kind: str) -> Callable:
    names = _LAYER_ARGS[kind][1:]
    base = _CLASS_BASE.get(cls_name, kind)

    def handler(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
        a = tfapi.bind(args, kwargs, names)
        name = a.get("name")
        if name is not None and not is_text(name):
            name = Unknown()
        layer = new_layer(interp, node, base, a, name=name, scope=a.get("_scope"), reuse=a.get("_reuse"))
        layer.config["kind"] = kind
        layer.config["name_given"] = name is not None
        return layer

    return handler


for _kind in _LAYER_ARGS:
    tfapi.HANDLERS[f"layers.{_kind}"] = _functional(_kind)
for _cls, _kind in _CLASSES.items():
    tfapi.HANDLERS[f"layers.{_cls}"] = _class(_cls, _kind)


# Layers without variables still name a variable scope (and count it).
_NO_VARIABLES = {
    "dropout": ["inputs", "rate"], "flatten": ["inputs"],
    "max_pooling1d": ["inputs", "pool_size", "strides"], "max_pooling2d": ["inputs", "pool_size", "strides"],
    "max_pooling3d": ["inputs", "pool_size", "strides"], "average_pooling1d": ["inputs", "pool_size", "strides"],
    "average_pooling2d": ["inputs", "pool_size", "strides"], "average_pooling3d": ["inputs", "pool_size", "strides"],
}
_NO_VARIABLE_CLASSES = {
    "Dropout": "dropout", "Flatten": "flatten", "MaxPooling1D": "max_pooling1d", "MaxPooling2D": "max_pooling2d",
    "MaxPooling3D": "max_pooling3d", "AveragePooling1D": "average_pooling1d", "AveragePooling2D": "average_pooling2d",
    "AveragePooling3D": "average_pooling3d", "MaxPool1D": "max_pooling1d", "MaxPool2D": "max_pooling2d",
    "MaxPool3D": "max_pooling3d", "AveragePool1D": "average_pooling1d", "AveragePool2D": "average_pooling2d",
    "AveragePool3D": "average_pooling3d",
}


def _pool_out(c: dict, x: Any) -> Any:
    shape = dims(x)
    return tensor((shape[0],) + (Unknown(),) * (len(shape) - 2) + (shape[-1],) if shape and len(shape) > 2 else None)


def _flatten_out(c: dict, x: Any) -> Any:
    shape = dims(x)
    return tensor((shape[0], product(shape[1:])) if shape else None)


for _kind, _names in _NO_VARIABLES.items():
    _LAYER_ARGS[_kind] = _names
    tfapi.HANDLERS[f"layers.{_kind}"] = _functional(_kind)
    OUTPUT[_kind] = _same_out if _kind == "dropout" else _flatten_out if _kind == "flatten" else _pool_out
for _cls, _kind in _NO_VARIABLE_CLASSES.items():
    tfapi.HANDLERS[f"layers.{_cls}"] = _class(_cls, _kind)


# Ops that keep their input's shape (so a layer after them knows its input).
def _keep_shape(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    x = args[0] if args else next(iter(kwargs.values()), None)
    out = tensor(dims(x))
    op_name = kwargs.get("name")
    if isinstance(op_name, str) and op_name:
        interp.graph.unique_name(tfapi.g_name_stack(interp), op_name)
    return out


for _op in (
    "nn.relu", "nn.relu6", "nn.elu", "nn.selu", "nn.leaky_relu", "nn.tanh", "nn.sigmoid", "nn.softmax",
    "nn.dropout", "nn.l2_normalize", "nn.softplus", "nn.swish", "tanh", "sigmoid", "identity", "stop_gradient",
    "nn.local_response_normalization", "nn.lrn", "abs", "square", "sqrt", "exp", "negative",
):
    tfapi.HANDLERS.setdefault(_op, _keep_shape)
    tfapi.value_api(_op)


def _matmul(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    a = tfapi.bind(args, kwargs, ["a", "b", "transpose_a", "transpose_b"])
    x, y = dims(a.get("a")), dims(a.get("b"))
    if x and y and len(x) == 2 and len(y) == 2 and not a.get("transpose_a") and not a.get("transpose_b"):
        return tensor((x[0], y[1]))
    return tensor()


tfapi.HANDLERS["matmul"] = _matmul
tfapi.value_api("matmul")


def _reshape(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    a = tfapi.bind(args, kwargs, ["tensor", "shape"])
    shape = tfapi.shape_of(a.get("shape"))
    if isinstance(shape, tuple):
        return tensor(tuple(Unknown() if (d is None or (isinstance(d, int) and d < 0)) else d for d in shape))
    return tensor()


tfapi.HANDLERS["reshape"] = _reshape
tfapi.value_api("reshape")
_unused = (is_unknown,)
