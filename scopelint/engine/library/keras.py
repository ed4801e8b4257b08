"""tf.keras layers in a TF1 graph: variables made like tf.Variable, outside
the variable store, so they never collide with get_variable names.

Names follow `<name scope>/<layer name>/kernel`, the layer name coming from
the per-graph layer-name counter that tf.layers advances too (`dense_2`
after two unnamed tf.layers.dense); each call enters `name_scope(<layer
name>)`, which the graph uniquifies like any name scope (`fc_1/kernel` when
a scope `fc` was used before).
"""

from __future__ import annotations

from typing import Any, Optional

import scopelint.engine.library.layer_shapes as layer_shapes
from scopelint.engine.dispatch import REGISTRY, bind
from scopelint.engine.events import Kind, Outcome, emit
from scopelint.engine.library.scopes import name_stack
from scopelint.engine.library.variables import variable_result
from scopelint.engine.objects import LibraryObject
from scopelint.engine.protocol import Interp
from scopelint.engine.values import Unknown, is_text, sym

KERAS = "keras_layer"


# class -> (snake-case base name, constructor args, variables fn)
def _dense(c: dict, x: Any) -> Optional[list]:
    return ["kernel", "bias"] if c.get("use_bias", True) is True else ["kernel"] if c.get("use_bias") is False else None


def _bn(c: dict, x: Any) -> Optional[list]:
    out: list = []
    for key, name in (("scale", "gamma"), ("center", "beta")):
        flag = c.get(key, True)
        if flag is True:
            out.append(name)
        elif flag is not False:
            return None
    return out + ["moving_mean", "moving_variance"]


_CLASSES = {
    "Dense": ("dense", ["units", "activation", "use_bias"], _dense),
    "Conv1D": (
        "conv1d",
        [
            "filters",
            "kernel_size",
            "strides",
            "padding",
            "data_format",
            "dilation_rate",
            "groups",
            "activation",
            "use_bias",
        ],
        _dense,
    ),
    "Conv2D": (
        "conv2d",
        [
            "filters",
            "kernel_size",
            "strides",
            "padding",
            "data_format",
            "dilation_rate",
            "groups",
            "activation",
            "use_bias",
        ],
        _dense,
    ),
    "Conv3D": (
        "conv3d",
        [
            "filters",
            "kernel_size",
            "strides",
            "padding",
            "data_format",
            "dilation_rate",
            "groups",
            "activation",
            "use_bias",
        ],
        _dense,
    ),
    "BatchNormalization": ("batch_normalization", ["axis", "momentum", "epsilon", "center", "scale"], _bn),
    "Embedding": ("embedding", ["input_dim", "output_dim"], lambda c, x: ["embeddings"]),
}


def _keras_class(cls: str) -> Any:
    base, names, variables = _CLASSES[cls]

    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        a = bind(args, kwargs, names)
        name = a.get("name")
        if name is None:
            name = interp.graph.unique_layer_name(base)
        elif not is_text(name):
            name = Unknown()
        return LibraryObject(KERAS, dict(a, base=base, name=name, variables=variables), node, built=False)

    return handler


for _cls in _CLASSES:
    REGISTRY.add_api(f"keras.layers.{_cls}", _keras_class(_cls))


def _call(interp: Interp, layer: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    x = args[0] if args else kwargs.get("inputs")
    g = interp.graph
    # Every call opens name_scope(layer.name), uniquified in the graph: `fc_1`
    # after a scope `fc`, `dense_1` taken by a second call of `dense`.
    prefix = g.unique_name(name_stack(interp), layer.config["name"])
    if layer.f["built"] is False:
        names = layer.config["variables"](layer.config, x)
        for vname in names or ["?"]:
            if names is None:
                real = sym(prefix, "/", Unknown())
            else:
                real = g.unique_name(prefix, vname)
                if real != sym(prefix, "/", vname):
                    real = sym(prefix, "/", vname, Unknown())  # a clash TF resolves in ways not modelled
            ev = emit(
                interp, Kind.VARIABLE, f"keras.layers.{layer.config['base']}", node, name=real, outcome=Outcome.CREATE
            )
            ev.var_shape = layer_shapes.keras_variable(layer.config, x, vname)
            variable_result(interp, ev, not vname.startswith("moving_"))
        layer.f["built"] = True
    return layer_shapes.keras_output(layer.config, x)


_KERAS = REGISTRY.kind(KERAS)
_KERAS.call = _call
_KERAS.methods.update(apply=_call, __call__=_call)
_KERAS.properties["name"] = lambda interp, layer: layer.config["name"]
