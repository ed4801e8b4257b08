"""What a call's result depends on (engine/gradients.py), after any API or
object call: tensors from sources (placeholders, constants, random values,
`stop_gradient`, integer results) depend on nothing; ops with gradients and
the layers on their inputs plus the variables the call made or reused;
anything else stays unknown. `tf.gradients` gives None for a variable the
loss does not depend on, as TF does.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from scopelint.engine.dispatch import REGISTRY, bind
from scopelint.engine.events import Kind, Outcome
from scopelint.engine.gradients import EMPTY, deps_of, is_plain_tensor, set_deps, union
from scopelint.engine.library.scopes import name_stack
from scopelint.engine.model import join_name
from scopelint.engine.objects import LibraryObject, ListVal, TFObject
from scopelint.engine.protocol import Interp
from scopelint.engine.shapes import DType
from scopelint.engine.values import MISSING, Unknown, sym

# No gradient flows back through these.
_SOURCES = frozenset(
    """placeholder constant zeros ones fill zeros_like ones_like eye range linspace one_hot stop_gradient
    random.normal random.uniform random.truncated_normal random_normal random_uniform truncated_normal
    random.shuffle random_shuffle shape size rank argmax argmin math.argmax math.argmin equal not_equal
    greater greater_equal less less_equal logical_and logical_or logical_not math.equal
    sequence_mask""".split()
)

# Ops whose result has a gradient path to every tensor argument.
_DIFFERENTIABLE = frozenset(
    """add subtract multiply divide truediv math.add math.subtract math.multiply math.divide matmul linalg.matmul
    add_n reduce_mean reduce_sum reduce_max reduce_min reduce_prod reduce_logsumexp math.reduce_mean
    math.reduce_sum math.reduce_logsumexp square sqrt exp log log1p abs negative tanh sigmoid pow maximum
    minimum clip_by_value clip_by_norm math.square math.sqrt math.exp math.log math.log1p math.abs math.tanh
    math.sigmoid math.maximum math.minimum reshape transpose squeeze expand_dims concat stack identity tile
    pad gather gather_nd nn.embedding_lookup nn.relu nn.relu6 nn.elu nn.selu nn.leaky_relu nn.tanh nn.sigmoid
    nn.softmax nn.log_softmax nn.softplus nn.swish nn.dropout nn.bias_add nn.l2_normalize nn.l2_loss
    nn.conv1d nn.conv2d nn.conv3d nn.max_pool nn.avg_pool nn.max_pool2d nn.avg_pool2d
    nn.softmax_cross_entropy_with_logits nn.softmax_cross_entropy_with_logits_v2
    nn.sparse_softmax_cross_entropy_with_logits nn.sigmoid_cross_entropy_with_logits
    nn.weighted_cross_entropy_with_logits losses.mean_squared_error losses.absolute_difference
    losses.huber_loss losses.log_loss losses.softmax_cross_entropy losses.sparse_softmax_cross_entropy
    losses.sigmoid_cross_entropy squared_difference math.squared_difference
    nn.dynamic_rnn nn.static_rnn nn.bidirectional_dynamic_rnn nn.static_bidirectional_rnn
    norm linalg.norm nn.moments math.reduce_std math.reduce_variance reduce_prod math.log_sigmoid
    nn.log_sigmoid nn.sigmoid_cross_entropy_with_logits""".split()
)

# Ops whose result is a float tensor whatever their inputs (losses), and ops
# whose result has their inputs' dtype: a moving average accepts float tensors only.
_FLOAT_OPS = frozenset(
    """nn.softmax_cross_entropy_with_logits nn.softmax_cross_entropy_with_logits_v2
    nn.sparse_softmax_cross_entropy_with_logits nn.sigmoid_cross_entropy_with_logits nn.l2_loss
    losses.mean_squared_error losses.absolute_difference losses.huber_loss losses.log_loss
    losses.softmax_cross_entropy losses.sparse_softmax_cross_entropy losses.sigmoid_cross_entropy""".split()
)
_FLOAT_LAYERS = frozenset(
    """layers.dense layers.conv1d layers.conv2d layers.conv3d contrib.layers.fully_connected
    contrib.slim.fully_connected contrib.layers.conv2d contrib.slim.conv2d""".split()
)
_SAME_DTYPE = frozenset(
    """reduce_mean reduce_sum math.reduce_mean math.reduce_sum add_n add multiply square identity
    math.add math.multiply math.square""".split()
)

# Layer functions (tf.layers, slim / contrib.layers): inputs plus their variables.
_LAYER_PREFIXES = ("layers.", "contrib.layers.", "contrib.slim.", "keras.layers.")
_LAYER_KINDS = ("legacy_layer", "cell_wrapper", "keras_layer")
# Arguments that are names or settings, never tensors the result is computed from.
_SETTINGS = frozenset(
    """name scope reuse trainable activation activation_fn initializer kernel_regularizer bias_regularizer
    weights_regularizer biases_regularizer training is_training""".split()
)


def made_since(interp: Interp, before: int) -> Optional[frozenset]:
    """The variables the events since `before` created or reused (whether it
    creates or finds it, a call that does not raise returns the variable of
    that name); None when one of them is unknown."""
    out = set()
    for ev in interp.events[before:]:
        if ev.kind not in (Kind.GET_VARIABLE, Kind.VARIABLE):
            continue
        if ev.outcome not in (Outcome.CREATE, Outcome.REUSE, None) or not isinstance(ev.name, str):
            return None
        out.add(ev.name)
    return frozenset(out)


def _around(interp: Interp, name: str, callee: Any, args: list, kwargs: dict) -> Optional[Callable[[Any], None]]:
    if name in _SOURCES:
        return lambda result: set_deps(result, EMPTY)
    if name in _FLOAT_LAYERS or (name == "placeholder" and _float_dtype(args, kwargs)):
        # a float result; a layer's ops sit in its own name scope (not known here)
        named = _op_name(interp, kwargs.get("name")) if name == "placeholder" else sym(Unknown())
        finish_deps = None if name == "placeholder" else _deps_around(interp, name, callee, args, kwargs)

        def finish_layer(result: Any) -> None:
            if finish_deps is not None:
                finish_deps(result)
            else:
                set_deps(result, EMPTY)
            if is_plain_tensor(result):
                result.op = named

        return finish_layer
    # (add_n of one tensor and no name returns that tensor, not a new op)
    same = name in _SAME_DTYPE and (name != "add_n" or isinstance(kwargs.get("name"), str))
    if name in _FLOAT_OPS or (same and _all_float(list(args) + list(kwargs.values()))):
        named = _op_name(interp, kwargs.get("name"))
        finish_deps = _deps_around(interp, name, callee, args, kwargs)

        def finish(result: Any) -> None:
            if finish_deps is not None:
                finish_deps(result)
            if is_plain_tensor(result) and named is not None:
                result.op = named

        return finish
    return _deps_around(interp, name, callee, args, kwargs)


def _float_dtype(args: list, kwargs: dict) -> bool:
    dtype = args[0] if args else kwargs.get("dtype")
    return isinstance(dtype, DType) and dtype.name in ("float16", "float32", "float64", "bfloat16")


def _op_name(interp: Interp, name: Any) -> Any:
    """The op name of the tensor an op call returns: under the current name
    scope, its `name=` (or a default) and perhaps a suffix (`_1`, `/value`)."""
    stack = name_stack(interp)
    if not isinstance(stack, str):
        return None
    return sym(join_name(stack, name if isinstance(name, str) and name else Unknown()), Unknown())


def _all_float(values: list) -> bool:
    """Every tensor among `values` is surely a float tensor (and there is one)."""
    tensors = [v for v in _flat(values) if isinstance(v, TFObject)]
    return bool(tensors) and all(is_plain_tensor(t) and t.op is not None for t in tensors)


def _flat(values: list) -> list:
    out: list = []
    for v in values:
        if isinstance(v, (tuple, list)):
            out.extend(_flat(list(v)))
        elif isinstance(v, ListVal) and v.items is not None:
            out.extend(_flat(list(v.items)))
        else:
            out.append(v)
    return out


def _deps_around(interp: Interp, name: str, callee: Any, args: list, kwargs: dict) -> Optional[Callable[[Any], None]]:
    layer = isinstance(callee, LibraryObject) and callee.kind in _LAYER_KINDS
    # a cast to a float type keeps the gradient; to an integer one it has none
    float_cast = name == "cast" and _float_dtype(args[1:], {"dtype": kwargs.get("dtype")})
    if not (layer or float_cast or name in _DIFFERENTIABLE or name.startswith(_LAYER_PREFIXES)):
        return None
    if float_cast:
        args, kwargs = args[:1], {k: v for k, v in kwargs.items() if k == "x"}
    inputs = [a for a in args if not isinstance(a, str)] + [v for k, v in kwargs.items() if k not in _SETTINGS]
    deps = union(inputs)  # before the call: a cell it builds adds the variables it makes now
    unbuilt = [v for v in inputs if isinstance(v, LibraryObject) and v.f.get("built") is False]
    own = callee.f.get("grad_vars", MISSING) if layer else MISSING
    before = len(interp.events)

    def finish(result: Any) -> None:
        made = None if interp.graph.f.get("store_open") is True else made_since(interp, before)
        total = None if deps is None or made is None else deps | made
        if layer:
            if made is None or own is None:
                mine = None
            elif isinstance(own, frozenset):
                mine = own | made
            else:  # the first call seen: it builds now (or was built where the analysis did not look)
                mine = made if made else None
            callee.f["grad_vars"] = mine
            total = None if total is None or mine is None else total | mine
        for cell in unbuilt:
            if cell.f.get("built") is True:
                cell.f["grad_vars"] = made if len(unbuilt) == 1 else None
        if _has_tensor(result):
            set_deps(result, total)

    return finish


def _has_tensor(value: Any) -> bool:
    if isinstance(value, TFObject):
        return True
    if isinstance(value, (tuple, list)):
        return any(_has_tensor(v) for v in value)
    return isinstance(value, ListVal) and value.items is not None and any(_has_tensor(v) for v in value.items)


REGISTRY.around.append(_around)


@REGISTRY.api("gradients", value_only=True)
def _gradients(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    """tf.gradients(ys, xs): None for each x that ys does not depend on."""
    a = bind(args, kwargs, ["ys", "xs"])
    xs = a.get("xs")
    items = xs.items if isinstance(xs, ListVal) else xs if isinstance(xs, (tuple, list)) else None
    ys = deps_of(a.get("ys"))
    if items is None:
        return Unknown()
    return ListVal([gradient(ys, x) for x in items])


def gradient(loss_deps: Optional[frozenset], var: Any) -> Any:
    """d loss / d var: a tensor, None (no path), or Unknown."""
    name = getattr(var, "name", None)
    if loss_deps is None or not isinstance(name, str):
        return Unknown()
    if name not in loss_deps:
        return None
    if getattr(var, "trainable", True) is not True:
        return Unknown()  # a moving statistic reached through a layer: not a gradient path
    out = TFObject()
    out.deps = loss_deps
    return out


@REGISTRY.api("clip_by_global_norm", value_only=True)
def _clip_by_global_norm(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    """(clipped list, global norm): a None gradient stays None."""
    a = bind(args, kwargs, ["t_list", "clip_norm", "use_norm", "name"])
    t_list = a.get("t_list")
    items = t_list.items if isinstance(t_list, ListVal) else t_list if isinstance(t_list, (tuple, list)) else None
    if items is None:
        return (Unknown(), TFObject())
    out: list = []
    for g in items:
        if g is None or not isinstance(g, TFObject):
            out.append(g if g is None else Unknown())
            continue
        clipped = TFObject()
        clipped.deps = g.deps
        out.append(clipped)
    return (ListVal(out), TFObject())
