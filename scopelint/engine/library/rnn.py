"""RNN cells and the functions that run them (tf.nn.rnn_cell, tf.nn.*_rnn).

Cells are legacy layers (layers.py): a cell object creates its variables on
its first call, in `<scope>/<cell name>`, and reuses them silently after.
`dynamic_rnn` / `static_rnn` run the cell inside `variable_scope(scope or
'rnn')`; the bidirectional ones inside `bidirectional_rnn/fw|bw`. A new
cell is one `_cell(...)` below.
"""

from __future__ import annotations

from typing import Any

from scopelint.engine.dispatch import REGISTRY, bind
from scopelint.engine.events import Kind, Outcome, emit, raise_if_certain
from scopelint.engine.library.layers import LAYER, LAYERS, LayerSpec, layer_call, new_layer, register_layer
from scopelint.engine.library.scoping import scope_cm, within
from scopelint.engine.model import VarScope
from scopelint.engine.objects import LibraryObject, ListVal, TFObject
from scopelint.engine.protocol import Interp
from scopelint.engine.shape_functions import static_shape
from scopelint.engine.shapes import dims, int_or_unknown, tensor
from scopelint.engine.values import Unknown, is_text


def _units(c: dict) -> Any:
    return int_or_unknown(c.get("num_units"))


def _add(a: Any, b: Any) -> Any:
    return a + b if isinstance(a, int) and isinstance(b, int) else Unknown()


def _mul(a: Any, k: int) -> Any:
    return a * k if isinstance(a, int) else Unknown()


def _depth(x: Any) -> Any:
    return (dims(x) or (Unknown(),))[-1]


def _cell(kind: str, cls: str, args: tuple, variables: Any, output_size: Any = _units) -> None:
    """A cell class `tf.nn.rnn_cell.<cls>`: constructor arguments, and its
    variables from its config and the depth of its input."""
    register_layer(
        LayerSpec(
            kind,
            args,
            variables=lambda c, x: variables(c, _depth(x)),
            classes=(f"nn.rnn_cell.{cls}",),
            reuse_arg="reuse",
            scope_arg=None,
            cell=True,
            output_size=output_size,
        )
    )


def _gru(c: dict, depth: Any) -> list:
    u = _units(c)
    return [
        ("gates/kernel", (_add(depth, u), _mul(u, 2)), True),
        ("gates/bias", (_mul(u, 2),), True),
        ("candidate/kernel", (_add(depth, u), u), True),
        ("candidate/bias", (u,), True),
    ]


def _basic_rnn(c: dict, depth: Any) -> list:
    u = _units(c)
    return [("kernel", (_add(depth, u), u), True), ("bias", (u,), True)]


def _basic_lstm(c: dict, depth: Any) -> list:
    u = _units(c)
    return [("kernel", (_add(depth, u), _mul(u, 4)), True), ("bias", (_mul(u, 4),), True)]


def _lstm(c: dict, depth: Any) -> list:
    u = _units(c)
    proj = c.get("num_proj")
    peep = c.get("use_peepholes", False)
    if not (proj is None or isinstance(proj, int)) or not isinstance(peep, bool):
        return [(Unknown(), None, True)]
    h = proj if proj is not None else u
    out = [("kernel", (_add(depth, h), _mul(u, 4)), True), ("bias", (_mul(u, 4),), True)]
    if peep:
        out += [("w_f_diag", (u,), True), ("w_i_diag", (u,), True), ("w_o_diag", (u,), True)]
    if proj is not None:
        out.append(("projection/kernel", (u, proj), True))
    return out


def _lstm_output_size(c: dict) -> Any:
    return c["num_proj"] if isinstance(c.get("num_proj"), int) else _units(c)


_cell("basic_rnn_cell", "BasicRNNCell", ("num_units", "activation", "reuse", "name", "dtype"), _basic_rnn)
_cell(
    "basic_lstm_cell",
    "BasicLSTMCell",
    ("num_units", "forget_bias", "state_is_tuple", "activation", "reuse", "name", "dtype"),
    _basic_lstm,
)
_cell(
    "lstm_cell",
    "LSTMCell",
    ("num_units", "use_peepholes", "cell_clip", "initializer", "num_proj", "proj_clip", "num_unit_shards",
     "num_proj_shards", "forget_bias", "state_is_tuple", "activation", "reuse", "name", "dtype"),
    _lstm,
    _lstm_output_size,
)  # fmt: skip
_cell(
    "gru_cell",
    "GRUCell",
    ("num_units", "activation", "reuse", "kernel_initializer", "bias_initializer", "name", "dtype"),
    _gru,
)


# ---------------------------------------------------------------- cells made of cells


def output_depth(cell: Any) -> Any:
    if not isinstance(cell, LibraryObject):
        return Unknown()
    if cell.kind == "cell_wrapper":
        return output_depth(cell.config["cell"])
    kind = cell.config.get("kind")
    if kind == "multi_rnn_cell":
        cells = cell.config["cells"]
        return output_depth(cells[-1]) if cells else Unknown()
    spec = LAYERS.get(kind)
    if spec is not None and spec.output_size is not None:
        return spec.output_size(cell.config)
    return _units(cell.config)


def call_cell(interp: Interp, cell: Any, depth: Any, node: Any, api: str) -> None:
    """cell(inputs, state) with inputs of last dimension `depth`."""
    if isinstance(cell, LibraryObject) and cell.kind == "cell_wrapper":
        return call_cell(interp, cell.config["cell"], depth, node, api)
    if isinstance(cell, LibraryObject) and cell.kind == LAYER and _is_cell(cell.config.get("kind")):
        layer_call(interp, cell, tensor((Unknown(), depth)), node, api)
        return None
    # A cell we cannot see into (a user subclass, a contrib extra).
    interp.call(cell, [tensor(), Unknown()], {}, node)
    return None


def _is_cell(kind: Any) -> bool:
    spec = LAYERS.get(kind)
    return spec is not None and spec.cell


def _base_cell(cell: Any) -> Any:
    while isinstance(cell, LibraryObject) and cell.kind == "cell_wrapper":
        cell = cell.config["cell"]
    return cell


def _shared_cell(interp: Interp, layer: LibraryObject, built: dict, i: int, cell: Any, depth: Any, node: Any) -> None:
    """A cell object met again in the same MultiRNNCell: built at its first
    layer for that layer's input depth, it is reused as is (Keras-style
    layers build once). Another depth makes its kernel's matmul fail
    (TF: "Dimensions must be equal"); the same depth silently ties weights."""
    base = _base_cell(cell)
    if not (isinstance(base, LibraryObject) and base.kind == LAYER and _is_cell(base.config.get("kind"))):
        return
    first = built.get(id(base))
    if first is None:
        if base.f["built"] is False:
            built[id(base)] = (i, depth)
        return
    first_i, first_depth = first
    if not (isinstance(depth, int) and isinstance(first_depth, int)):
        return
    ev = emit(interp, Kind.SHARED_CELL, "nn.rnn_cell.MultiRNNCell", node, record=False)
    ev.shared_cell = (layer.config.get("cells_node"), first_i, i, first_depth, depth)
    if depth == first_depth:
        ev.outcome = Outcome.REUSE
        return
    kernel = next((shape for _n, shape, _t in LAYERS[base.config["kind"]].variables(
        base.config, tensor((Unknown(), first_depth))) if isinstance(shape, tuple) and len(shape) == 2), None)  # fmt: skip
    if kernel is None or not all(isinstance(d, int) for d in kernel):
        return
    rows, cols = kernel
    ev.outcome = Outcome.ERROR
    ev.message = (
        f"Dimensions must be equal, but are {depth + rows - first_depth} and {rows} for '?' "
        f"with input shapes: [?,{depth + rows - first_depth}], [{rows},{cols}]."
    )
    raise_if_certain(ev)


def _multi_body(interp: Interp, layer: LibraryObject, inputs: Any, node: Any, api: str) -> None:
    depth = _depth(inputs)
    built: dict = {}
    for i, cell in enumerate(layer.config["cells"]):
        _shared_cell(interp, layer, built, i, cell, depth, node)
        within(
            interp,
            node,
            scope_cm(interp, node, f"cell_{i}"),
            _calling(interp, cell, depth, node, api),
        )
        depth = output_depth(cell)


def _calling(interp: Interp, cell: Any, depth: Any, node: Any, api: str) -> Any:
    return lambda _scope: call_cell(interp, cell, depth, node, api)


register_layer(LayerSpec("multi_rnn_cell", (), body=_multi_body, cell=True))


@REGISTRY.api("nn.rnn_cell.MultiRNNCell")
def _multi_cell(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, ["cells", "state_is_tuple"])
    cells = a.get("cells")
    items = cells.items if isinstance(cells, ListVal) else cells if isinstance(cells, tuple) else None
    if items is None:
        return LibraryObject("unknown_cell")
    layer = new_layer(interp, node, "multi_rnn_cell", {"cells": tuple(items)})
    written = getattr(node, "args", None)
    layer.config["cells_node"] = written[0].value if written else node  # where the list is written
    return layer


@REGISTRY.api("nn.rnn_cell.DropoutWrapper", "nn.rnn_cell.ResidualWrapper", "nn.rnn_cell.DeviceWrapper")
def _wrapper(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    cell = args[0] if args else kwargs.get("cell")
    return LibraryObject("cell_wrapper", {"cell": cell})


def _call_cell_object(interp: Interp, cell: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    x = args[0] if args else kwargs.get("inputs")
    call_cell(interp, cell, _depth(x), node, "RNNCell.__call__")
    return (tensor(), TFObject())


REGISTRY.kind("cell_wrapper").call = _call_cell_object
REGISTRY.kind("unknown_cell").call = lambda interp, cell, args, kwargs, node: interp.unknown_call(args, kwargs)
for _kind in (LAYER, "cell_wrapper"):
    _spec = REGISTRY.kind(_kind)
    _spec.methods.update(
        zero_state=lambda interp, cell, args, kwargs, node: _zeros(),
        get_initial_state=lambda interp, cell, args, kwargs, node: TFObject(),
    )
    _spec.properties.update(
        output_size=lambda interp, cell: output_depth(cell), state_size=lambda interp, cell: Unknown()
    )


# ---------------------------------------------------------------- the runners

_DYNAMIC = ["cell", "inputs", "sequence_length", "initial_state", "dtype", "parallel_iterations", "swap_memory",
            "time_major", "scope"]  # fmt: skip
_STATIC = ["cell", "inputs", "initial_state", "dtype", "sequence_length", "scope"]
_BI_DYNAMIC = ["cell_fw", "cell_bw", "inputs", "sequence_length", "initial_state_fw", "initial_state_bw", "dtype",
               "parallel_iterations", "swap_memory", "time_major", "scope"]  # fmt: skip
_BI_STATIC = ["cell_fw", "cell_bw", "inputs", "initial_state_fw", "initial_state_bw", "dtype", "sequence_length",
              "scope"]  # fmt: skip


def _scope_or(scope: Any, default: str) -> Any:
    """Python's `scope or default`."""
    if scope is None or (isinstance(scope, str) and scope == ""):
        return default
    if isinstance(scope, VarScope) or is_text(scope):
        return scope
    return Unknown()


def _input_depth(inputs: Any, static: bool) -> Any:
    if static:
        items = inputs.items if isinstance(inputs, ListVal) else inputs if isinstance(inputs, tuple) else None
        return _depth(items[0]) if items else Unknown()
    return _depth(inputs)


def _run(interp: Interp, node: Any, api: str, cell: Any, inputs: Any, scope: Any, static: bool) -> Any:
    depth = _input_depth(inputs, static)
    within(
        interp,
        node,
        scope_cm(interp, node, _scope_or(scope, "rnn")),
        lambda _s: call_cell(interp, cell, depth, node, api),
    )
    if static:
        return Unknown()
    shape = static_shape(inputs)
    if shape and len(shape) == 3:
        return tensor(shape[:2] + (output_depth(cell),))
    return tensor()


@REGISTRY.api("nn.dynamic_rnn")
def h_dynamic_rnn(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, _DYNAMIC)
    out = _run(interp, node, "nn.dynamic_rnn", a.get("cell"), a.get("inputs"), a.get("scope"), False)
    return (out, TFObject())


@REGISTRY.api("nn.static_rnn")
def h_static_rnn(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
    a = bind(args, kwargs, _STATIC)
    out = _run(interp, node, "nn.static_rnn", a.get("cell"), a.get("inputs"), a.get("scope"), True)
    return (out, TFObject())


def _bidirectional(static: bool) -> Any:
    names = _BI_STATIC if static else _BI_DYNAMIC
    api = "nn.static_bidirectional_rnn" if static else "nn.bidirectional_dynamic_rnn"

    def handler(interp: Interp, args: list, kwargs: dict, node: Any) -> Any:
        a = bind(args, kwargs, names)
        outs = []

        def run(_scope: Any) -> None:
            for direction, cell in (("fw", a.get("cell_fw")), ("bw", a.get("cell_bw"))):
                inner = within(interp, node, scope_cm(interp, node, direction), lambda s: s)
                outs.append(_run(interp, node, api, cell, a.get("inputs"), inner, static))

        within(interp, node, scope_cm(interp, node, _scope_or(a.get("scope"), "bidirectional_rnn")), run)
        if static:
            return (Unknown(), TFObject(), TFObject())
        return ((outs[0], outs[1]), (TFObject(), TFObject()))

    REGISTRY.add_api(api, handler)
    return handler


_bidirectional(False)
_bidirectional(True)


def _zeros() -> TFObject:
    """A cell's zero_state: zeros, depending on no variable."""
    out = TFObject()
    out.deps = frozenset()
    return out
