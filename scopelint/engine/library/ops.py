"""Tensors and plain ops: ops that keep or compute their input's shape (so
a layer after them knows its input), the control-flow ops that call back
into user functions, and what any other TF call does (its `name=` takes a
slot in the graph's name table; one that may make variables opens the store)."""

from __future__ import annotations

from typing import Any

from scopelint.engine.dispatch import REGISTRY, bind
from scopelint.engine.library.scopes import name_stack
from scopelint.engine.objects import BoundMethod, Builtin, FuncVal, TFObject
from scopelint.engine.protocol import Interp
from scopelint.engine.shapes import dims, python_shape, shape_of, tensor
from scopelint.engine.values import Unknown

# ---------------------------------------------------------------- tensors


def _tensor_attribute(interp: Interp, obj: TFObject, attr: str, node: Any) -> Any:
    if attr == "shape" and obj.shape is not None:
        return obj.shape if not isinstance(obj.shape, tuple) else python_shape(obj.shape)
    if attr == "get_shape" and obj.shape is not None:
        return Builtin(
            "Tensor.get_shape",
            lambda i, a, k, n: python_shape(obj.shape) if isinstance(obj.shape, tuple) else Unknown(),
        )
    return TFObject()


_TENSOR = REGISTRY.kind(TFObject)
_TENSOR.attribute = _tensor_attribute
_TENSOR.call = lambda interp, obj, args, kwargs, node: TFObject()


# ---------------------------------------------------------------- shapes through ops


def _keep_shape(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    x = args[0] if args else next(iter(kwargs.values()), None)
    out = tensor(dims(x))
    op_name = kwargs.get("name")
    if isinstance(op_name, str) and op_name:
        interp.graph.unique_name(name_stack(interp), op_name)
    return out


for _op in (
    "nn.relu", "nn.relu6", "nn.elu", "nn.selu", "nn.leaky_relu", "nn.tanh", "nn.sigmoid", "nn.softmax",
    "nn.dropout", "nn.l2_normalize", "nn.softplus", "nn.swish", "tanh", "sigmoid", "identity", "stop_gradient",
    "nn.local_response_normalization", "nn.lrn", "abs", "square", "sqrt", "exp", "negative",
):  # fmt: skip
    REGISTRY.add_api(_op, _keep_shape, value_only=True, replace=False)


@REGISTRY.api("matmul", value_only=True)
def _matmul(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["a", "b", "transpose_a", "transpose_b"])
    x, y = dims(a.get("a")), dims(a.get("b"))
    if x and y and len(x) == 2 and len(y) == 2 and not a.get("transpose_a") and not a.get("transpose_b"):
        return tensor((x[0], y[1]))
    return tensor()


@REGISTRY.api("reshape", value_only=True)
def _reshape(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["tensor", "shape"])
    shape = shape_of(a.get("shape"))
    if isinstance(shape, tuple):
        return tensor(tuple(Unknown() if (d is None or (isinstance(d, int) and d < 0)) else d for d in shape))
    return tensor()


# ---------------------------------------------------------------- everything else

# Control-flow ops: the positions of the user functions they call.
_CALLBACK_APIS = {
    "cond": (1, 2),
    "case": (),
    "while_loop": (0, 1),
    "map_fn": (0,),
    "scan": (0,),
    "foldl": (0,),
    "foldr": (0,),
    "smart_cond": (1, 2),
}


def _arity(func: FuncVal) -> int:
    params = func.node.params
    return len(params.params) + len(params.posonly_params)


@REGISTRY.fallback(order=100)
def _any_other_call(interp: Interp, name: str, args: list, kwargs: dict, node: Any) -> Any:
    """The last fallback: always answers."""
    if may_create_variables(name):
        # A library call the analysis does not model: it may make variables.
        interp.graph.open_store()
        return TFObject(name)
    if name == "app.run":
        return interp.run_main(args, kwargs, node)
    if name in _CALLBACK_APIS:
        for idx in _CALLBACK_APIS[name]:
            cb = args[idx] if idx < len(args) else None
            if isinstance(cb, BoundMethod):
                interp.call(cb, [], {}, node)
            elif isinstance(cb, FuncVal):
                interp.call_function(cb, [Unknown()] * _arity(cb), {}, node)
        for k in ("true_fn", "false_fn", "fn1", "fn2", "body", "cond", "fn"):
            cb = kwargs.get(k)
            if isinstance(cb, FuncVal):
                interp.call_function(cb, [Unknown()] * _arity(cb), {}, node)
        return TFObject()
    # Any other op: its explicit name takes a slot in the name table (a later
    # tf.Variable or name_scope of that name gets `_1`).
    op_name = kwargs.get("name")
    if (
        isinstance(op_name, str)
        and op_name
        and not name.startswith(("train.", "keras.", "contrib.", "estimator."))
        and name[:1].islower()
    ):
        interp.graph.unique_name(name_stack(interp), op_name)
    return TFObject(name)


def may_create_variables(name: str) -> bool:
    """An API the library models do not cover that could create variables."""
    if name.startswith("train.") and name.endswith("Optimizer"):
        return True
    return name.startswith(_CREATING_PREFIXES) and name not in _PURE and name.rsplit(".", 1)[-1] not in _PURE_LAST


_CREATING_PREFIXES = (
    "layers.",
    "contrib.",
    "nn.rnn_cell.",
    "estimator.",
    "feature_column.",
    "hub.",
    "train.SyncReplicas",
)
_PURE = frozenset({"contrib.slim.arg_scope", "contrib.framework.arg_scope"})
_PURE_LAST = frozenset(
    """flatten max_pool2d avg_pool2d max_pool3d avg_pool3d dropout l1_regularizer l2_regularizer
    l1_l2_regularizer sum_regularizer apply_regularization get_variables get_model_variables
    get_trainable_variables get_local_variables get_variables_to_restore get_variables_by_name
    get_variables_by_suffix get_unique_variable get_or_create_global_step one_hot_encoding softmax
    summarize_collection summarize_activation summarize_tensor summarize_tensors xavier_initializer
    xavier_initializer_conv2d variance_scaling_initializer assign_from_checkpoint_fn
    assign_from_checkpoint add_arg_scope has_arg_scope arg_scoped_arguments unit_norm
    prelu_initializer convert_collection_to_dict append_tensor_alias collect_named_outputs
    last_dimension two_element_tuple n_positive_integers""".split()
)
