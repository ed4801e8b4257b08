"""tf.layers (TF 1.x legacy layers, in TF 2 from tf_keras' legacy_tf_layers).

A legacy layer names its variables through the variable store
(`legacy_tf_layers/base.py`): `_init_set_name`, `_set_scope` and
`add_weight`, mirrored by `new_layer`, `set_scope` and `layer_call`. Each
kind of layer is one `LayerSpec` given to `register_layer`: its
constructor arguments, the variables it makes, its output, and the API
names that make it. RNN cells are legacy layers too (rnn.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import scopelint.engine.library.layer_shapes as layer_shapes
from scopelint.engine.dispatch import REGISTRY, bind
from scopelint.engine.library.scoping import capture, make_variables, scope_cm, within
from scopelint.engine.model import VarScope, reuse_truthy
from scopelint.engine.objects import LibraryObject
from scopelint.engine.protocol import Interp
from scopelint.engine.shapes import dims, int_or_unknown, kernel_dims, last_dim, tensor
from scopelint.engine.values import Unknown, is_text

LAYER = "legacy_layer"  # LibraryObject.kind of every legacy layer (and RNN cell)

VariablesFn = Callable[[dict, Any], list]  # (config, input) -> [(name, shape, trainable)], in TF's order
OutputFn = Callable[[dict, Any], Any]  # (config, input) -> output value
BodyFn = Callable[[Interp, LibraryObject, Any, Any, str], Any]  # (interp, layer, input, node, api)


def _no_variables(config: dict, inputs: Any) -> list:
    return []


def _any_output(config: dict, inputs: Any) -> Any:
    return tensor()


@dataclass(frozen=True)
class LayerSpec:
    """One kind of legacy layer (or RNN cell)."""

    kind: str  # its base name: the default scope of an unnamed layer
    args: tuple  # constructor arguments, in order (the functional form takes `inputs` first)
    variables: VariablesFn = _no_variables
    output: OutputFn = _any_output
    body: Optional[BodyFn] = None  # layers made of other layers (MultiRNNCell) instead of `variables`
    functional: tuple = ()  # API names of the functional form (`layers.dense`): build and call at once
    classes: tuple = ()  # API names of the class form (`layers.Dense`): an object called later
    reuse_arg: str = "_reuse"  # the constructor argument that sets reuse
    scope_arg: Optional[str] = "_scope"  # the constructor argument that sets the scope
    cell: bool = False  # an RNN cell: `(output, state) = cell(inputs, state)`
    output_size: Optional[Callable[[dict], Any]] = None  # cells: the output depth, from the config
    extra: dict = field(default_factory=dict)  # kind-specific constants


LAYERS: dict = {}  # kind -> LayerSpec


def register_layer(spec: LayerSpec) -> LayerSpec:
    """The one place a kind of layer is declared: its handlers come from here."""
    LAYERS[spec.kind] = spec
    for api in spec.functional:
        REGISTRY.add_api(api, _functional(spec, api))
    for api in spec.classes:
        REGISTRY.add_api(api, _class(spec))
    return spec


def new_layer(
    interp: Interp, node: Any, base: str, config: dict, name: Any = None, scope: Any = None, reuse: Any = None
) -> LibraryObject:
    """Layer.__init__: `_init_set_name` and the `_scope` captured at construction."""
    if name is None or (isinstance(name, str) and name == ""):
        interp.graph.unique_layer_name(base)  # the per-graph layer-name counter
        base_name: Any = base
    elif is_text(name):
        base_name = name
    else:
        base_name = Unknown()
    layer = LibraryObject(
        LAYER, dict(config, kind=base, base_name=base_name, reuse=reuse), node, scope=None, built=False
    )
    if scope is not None and not (isinstance(scope, str) and scope == ""):
        layer.f["scope"] = capture(interp, node, scope_cm(interp, node, scope))
    return layer


def set_scope(interp: Interp, layer: LibraryObject, node: Any, scope_arg: Any = None) -> Any:
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


def layer_call(interp: Interp, layer: LibraryObject, inputs: Any, node: Any, api: str, scope_arg: Any = None) -> Any:
    """Layer.__call__: builds (creates its variables) on the first call only;
    a built layer makes no get_variable call at all."""
    spec = LAYERS[layer.config["kind"]]
    scope = set_scope(interp, layer, node, scope_arg)
    built = layer.f["built"]
    if built is not True:
        if built is not False:  # built on some paths only
            interp.graph.open_store()
        else:
            cm = scope_cm(interp, node, scope, reuse=layer.config["reuse"], aux=False)
            body = spec.body
            if body is not None:
                within(interp, node, cm, lambda _s: body(interp, layer, inputs, node, api))
            else:
                specs = spec.variables(layer.config, inputs)
                within(interp, node, cm, lambda _s: make_variables(interp, node, api, specs))
        layer.f["built"] = True
    return spec.output(layer.config, inputs)


def _call_layer(interp: Interp, layer: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    inputs = args[0] if args else kwargs.get("inputs")
    return layer_call(interp, layer, inputs, node, f"layers.{layer.config['kind']}", kwargs.get("scope"))


_LAYER_KIND = REGISTRY.kind(LAYER)
_LAYER_KIND.call = _call_layer
_LAYER_KIND.methods.update(apply=_call_layer, __call__=_call_layer)
_LAYER_KIND.properties["name"] = lambda interp, layer: (
    layer.config["base_name"] if layer.config.get("name_given") else Unknown()
)
for _attr in ("variables", "trainable_variables", "weights", "trainable_weights", "kernel", "bias"):
    _LAYER_KIND.properties[_attr] = lambda interp, layer: Unknown()


def _given_name(a: dict) -> Any:
    name = a.get("name")
    return name if name is None or is_text(name) else Unknown()


def _functional(spec: LayerSpec, api: str) -> Callable:
    names = ["inputs", *spec.args]

    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        a = bind(args, kwargs, names)
        name = _given_name(a)
        layer = new_layer(interp, node, spec.kind, a, name=name, scope=name, reuse=a.get("reuse"))
        layer.config["name_given"] = name is not None
        return layer_call(interp, layer, a.get("inputs"), node, api)

    return handler


def _class(spec: LayerSpec) -> Callable:
    names = list(spec.args)

    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        a = bind(args, kwargs, names)
        name = _given_name(a)
        scope = a.get(spec.scope_arg) if spec.scope_arg is not None else None
        layer = new_layer(interp, node, spec.kind, a, name=name, scope=scope, reuse=a.get(spec.reuse_arg))
        layer.config["name_given"] = name is not None
        return layer

    return handler


# ---------------------------------------------------------------- variables and outputs


def _flag(config: dict, key: str, default: bool) -> Any:
    value = config.get(key, default)
    return value if isinstance(value, bool) else Unknown()


def _guarded(fn: VariablesFn) -> VariablesFn:
    """An unknown flag (use_bias=<runtime value>) gives unknown names rather than a guess."""

    def spec(c: dict, x: Any) -> list:
        specs = fn(c, x)
        if any(name.endswith("?") for name, _s, _t in specs):
            return [(Unknown(), None, True)]
        return specs

    return spec


def _with_bias(c: dict, out: list, units: Any) -> list:
    use_bias = _flag(c, "use_bias", True)
    if use_bias is True:
        out.append(("bias", (units,), True))
    elif use_bias is not False:
        out.append(("bias?", None, True))  # unknown: marks the spec unknown
    return out


@_guarded
def _dense_vars(c: dict, x: Any) -> list:
    units = int_or_unknown(c.get("units"))
    return _with_bias(c, [("kernel", (last_dim(x), units), True)], units)


def _dense_out(c: dict, x: Any) -> Any:
    return layer_shapes.dense(c, x)


def _channels(c: dict, x: Any) -> Any:
    fmt = c.get("data_format", "channels_last")
    if fmt in (None, "channels_last"):
        return last_dim(x)
    shape = dims(x)
    if fmt == "channels_first" and shape and len(shape) > 1:
        return shape[1]
    return Unknown()


@_guarded
def _conv_vars(c: dict, x: Any) -> list:
    kind = c["kind"]
    rank = LAYERS[kind].extra["rank"]
    filters = int_or_unknown(c.get("filters"))
    k = kernel_dims(c.get("kernel_size"), rank)
    channels = _channels(c, x)
    if kind.startswith("separable"):
        dm = int_or_unknown(c.get("depth_multiplier", 1))
        depth = channels * dm if isinstance(channels, int) and isinstance(dm, int) else Unknown()
        out = [
            ("depthwise_kernel", k + (channels, dm), True),
            ("pointwise_kernel", (1,) * rank + (depth, filters), True),
        ]
        return _with_bias(c, out, filters)
    kernel = k + (filters, channels) if kind.endswith("_transpose") else k + (channels, filters)
    return _with_bias(c, [("kernel", kernel, True)], filters)


def _conv_out(c: dict, x: Any) -> Any:
    return layer_shapes.conv(c, x, LAYERS[c["kind"]].extra["rank"], c["kind"].endswith("_transpose"))


@_guarded
def _bn_vars(c: dict, x: Any) -> list:
    axis = c.get("axis", -1)
    shape = dims(x)
    dim = shape[axis] if shape and isinstance(axis, int) and -len(shape) <= axis < len(shape) else Unknown()
    out: list = []
    for key, default, name in (("scale", True, "gamma"), ("center", True, "beta")):
        flag = _flag(c, key, default)
        if flag is True:
            out.append((name, (dim,), True))
        elif flag is not False:
            out.append((name + "?", None, True))
    out += [("moving_mean", (dim,), False), ("moving_variance", (dim,), False)]
    return out


def _same_out(c: dict, x: Any) -> Any:
    return layer_shapes.same(c, x)


def _pool_out(c: dict, x: Any) -> Any:
    return layer_shapes.pool(c, x, int(c["kind"][-2]))


def _flatten_out(c: dict, x: Any) -> Any:
    return layer_shapes.flatten(c, x)


# ---------------------------------------------------------------- the layers

_CONV = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation", "use_bias")
_TRANSPOSE = ("filters", "kernel_size", "strides", "padding", "data_format", "activation", "use_bias")
_SEPARABLE = (*_CONV[:6], "depth_multiplier", "activation", "use_bias")
_POOL = ("pool_size", "strides")


def _layer(kind: str, args: tuple, *classes: str, **kw: Any) -> None:
    register_layer(
        LayerSpec(kind, args, functional=(f"layers.{kind}",), classes=tuple(f"layers.{c}" for c in classes), **kw)
    )


_layer("dense", ("units", "activation", "use_bias"), "Dense", variables=_dense_vars, output=_dense_out)
for _kind, _rank, _args, _classes in (
    ("conv1d", 1, _CONV, ("Conv1D", "Convolution1D")),
    ("conv2d", 2, _CONV, ("Conv2D", "Convolution2D")),
    ("conv3d", 3, _CONV, ("Conv3D", "Convolution3D")),
    ("conv2d_transpose", 2, _TRANSPOSE, ("Conv2DTranspose", "Convolution2DTranspose", "Deconvolution2D")),
    ("conv3d_transpose", 3, _TRANSPOSE, ("Conv3DTranspose", "Convolution3DTranspose", "Deconvolution3D")),
    ("separable_conv1d", 1, _SEPARABLE, ("SeparableConv1D",)),
    ("separable_conv2d", 2, _SEPARABLE, ("SeparableConv2D",)),
):
    _layer(_kind, _args, *_classes, variables=_conv_vars, output=_conv_out, extra={"rank": _rank})
_layer(
    "batch_normalization",
    ("axis", "momentum", "epsilon", "center", "scale"),
    "BatchNormalization",
    variables=_bn_vars,
    output=_same_out,
)
# Layers without variables still name a variable scope (and count it).
_layer("dropout", ("rate",), "Dropout", output=_same_out)
_layer("flatten", (), "Flatten", output=_flatten_out)
for _dim in ("1d", "2d", "3d"):
    _layer(f"max_pooling{_dim}", _POOL, f"MaxPooling{_dim.upper()}", f"MaxPool{_dim.upper()}", output=_pool_out)
    _layer(
        f"average_pooling{_dim}", _POOL, f"AveragePooling{_dim.upper()}", f"AveragePool{_dim.upper()}", output=_pool_out
    )
