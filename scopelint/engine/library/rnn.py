"""RNN cells and the functions that run them (tf.nn.rnn_cell, tf.nn.*_rnn).

Cells are legacy layers (layers.py): a cell object creates its variables on
its first call, in `<scope>/<cell name>`, and reuses them silently after.
`dynamic_rnn` / `static_rnn` run the cell inside `variable_scope(scope or
'rnn')`; the bidirectional ones inside `bidirectional_rnn/fw|bw`.
"""

from __future__ import annotations

from typing import Any

from scopelint.engine import tfapi
from scopelint.engine.library.common import (
    OBJECT_CALL_BY_KIND,
    PROPERTIES,
    dims,
    int_or_unknown,
    method,
    scope_cm,
    tensor,
    within,
)
from scopelint.engine.library.layers import BODY, LAYER, OUTPUT, VARIABLES, layer_call, new_layer
from scopelint.engine.model import VarScope
from scopelint.engine.objects import LibraryObject, ListVal, TFObject
from scopelint.engine.values import Unknown, is_text, is_unknown

# class -> (base name, constructor argument names)
_CELLS = {
    "BasicRNNCell": ("basic_rnn_cell", ["num_units", "activation", "reuse", "name", "dtype"]),
    "BasicLSTMCell": ("basic_lstm_cell", ["num_units", "forget_bias", "state_is_tuple", "activation", "reuse", "name", "dtype"]),
    "LSTMCell": ("lstm_cell", ["num_units", "use_peepholes", "cell_clip", "initializer", "num_proj", "proj_clip",
                               "num_unit_shards", "num_proj_shards", "forget_bias", "state_is_tuple", "activation", "reuse", "name", "dtype"]),
    "GRUCell": ("gru_cell", ["num_units", "activation", "reuse", "kernel_initializer", "bias_initializer", "name", "dtype"]),
}
_WRAPPERS = {"DropoutWrapper", "ResidualWrapper", "DeviceWrapper"}
CELL_KINDS = {base for base, _ in _CELLS.values()} | {"multi_rnn_cell"}


def _units(c: dict) -> Any:
    return int_or_unknown(c.get("num_units"))


def _add(a: Any, b: Any) -> Any:
    return a + b if isinstance(a, int) and isinstance(b, int) else Unknown()


def _mul(a: Any, k: int) -> Any:
    return a * k if isinstance(a, int) else Unknown()


def _cell_variables(c: dict, depth: Any) -> list:
    kind = c["kind"]
    u = _units(c)
    if kind == "gru_cell":
        return [
            ("gates/kernel", (_add(depth, u), _mul(u, 2)), True),
            ("gates/bias", (_mul(u, 2),), True),
            ("candidate/kernel", (_add(depth, u), u), True),
            ("candidate/bias", (u,), True),
        ]
    if kind == "basic_rnn_cell":
        return [("kernel", (_add(depth, u), u), True), ("bias", (u,), True)]
    if kind == "basic_lstm_cell":
        return [("kernel", (_add(depth, u), _mul(u, 4)), True), ("bias", (_mul(u, 4),), True)]
    # lstm_cell
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


def output_depth(cell: Any) -> Any:
    if not isinstance(cell, LibraryObject):
        return Unknown()
    if cell.kind == "cell_wrapper":
        return output_depth(cell.config["cell"])
    kind = cell.config.get("kind")
    if kind == "multi_rnn_cell":
        cells = cell.config["cells"]
        return output_depth(cells[-1]) if cells else Unknown()
    if kind == "lstm_cell" and isinstance(cell.config.get("num_proj"), int):
        return cell.config["num_proj"]
    return _units(cell.config)


def call_cell(interp: Any, cell: Any, depth: Any, node: Any, api: str) -> None:
    """cell(inputs, state) with inputs of last dimension `depth`."""
    if isinstance(cell, LibraryObject) and cell.kind == "cell_wrapper":
        return call_cell(interp, cell.config["cell"], depth, node, api)
    if isinstance(cell, LibraryObject) and cell.kind == LAYER and cell.config.get("kind") in CELL_KINDS:
        layer_call(interp, cell, tensor((Unknown(), depth)), node, api)
        return None
    # A cell we cannot see into (a user subclass, a contrib extra).
    interp.call(cell, [tensor(), Unknown()], {}, node)
    return None


def _multi_body(interp: Any, layer: LibraryObject, inputs: Any, node: Any, api: str) -> None:
    depth = (dims(inputs) or (Unknown(),))[-1]
    for i, cell in enumerate(layer.config["cells"]):
        within(interp, node, scope_cm(interp, node, f"cell_{i}"), lambda _s, cell=cell, depth=depth: call_cell(interp, cell, depth, node, api))
        depth = output_depth(cell)


for _base, _ in _CELLS.values():
    VARIABLES[_base] = lambda c, x: _cell_variables(c, (dims(x) or (Unknown(),))[-1])
    OUTPUT[_base] = lambda c, x: tensor()
BODY["multi_rnn_cell"] = _multi_body


def _cell_class(cls: str) -> Any:
    base, names = _CELLS[cls]

    def handler(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
        a = tfapi.bind(args, kwargs, names)
        name = a.get("name")
        if name is not None and not is_text(name):
            name = Unknown()
        cell = new_layer(interp, node, base, a, name=name, reuse=a.get("reuse"))
        cell.config["name_given"] = name is not None
        return cell

    return handler


def _multi_cell(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    a = tfapi.bind(args, kwargs, ["cells", "state_is_tuple"])
    cells = a.get("cells")
    items = cells.items if isinstance(cells, ListVal) else cells if isinstance(cells, tuple) else None
    if items is None:
        return LibraryObject("unknown_cell")
    return new_layer(interp, node, "multi_rnn_cell", {"cells": tuple(items)})


def _wrapper(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    cell = args[0] if args else kwargs.get("cell")
    return LibraryObject("cell_wrapper", {"cell": cell})


for _cls in _CELLS:
    tfapi.HANDLERS[f"nn.rnn_cell.{_cls}"] = _cell_class(_cls)
tfapi.HANDLERS["nn.rnn_cell.MultiRNNCell"] = _multi_cell
for _cls in _WRAPPERS:
    tfapi.HANDLERS[f"nn.rnn_cell.{_cls}"] = _wrapper


def _call_cell_object(interp: Any, cell: LibraryObject, args: list, kwargs: dict, node: Any) -> Any:
    x = args[0] if args else kwargs.get("inputs")
    call_cell(interp, cell, (dims(x) or (Unknown(),))[-1], node, "RNNCell.__call__")
    return (tensor(), TFObject())


OBJECT_CALL_BY_KIND["cell_wrapper"] = _call_cell_object
OBJECT_CALL_BY_KIND["unknown_cell"] = lambda interp, cell, args, kwargs, node: interp.unknown_call(args, kwargs)
for _kind in (LAYER, "cell_wrapper"):
    method(_kind, "zero_state", "get_initial_state")(lambda interp, cell, args, kwargs, node: TFObject())
    PROPERTIES[(_kind, "output_size")] = lambda interp, cell: output_depth(cell)
    PROPERTIES[(_kind, "state_size")] = lambda interp, cell: Unknown()


# ---------------------------------------------------------------- the runners

_DYNAMIC = ["cell", "inputs", "sequence_length", "initial_state", "dtype", "parallel_iterations", "swap_memory", "time_major", "scope"]
_STATIC = ["cell", "inputs", "initial_state", "dtype", "sequence_length", "scope"]
_BI_DYNAMIC = ["cell_fw", "cell_bw", "inputs", "sequence_length", "initial_state_fw", "initial_state_bw", "dtype",
               "parallel_iterations", "swap_memory", "time_major", "scope"]
_BI_STATIC = ["cell_fw", "cell_bw", "inputs", "initial_state_fw", "initial_state_bw", "dtype", "sequence_length", "scope"]


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
        return (dims(items[0]) or (Unknown(),))[-1] if items else Unknown()
    return (dims(inputs) or (Unknown(),))[-1]


def _run(interp: Any, node: Any, api: str, cell: Any, inputs: Any, scope: Any, static: bool, time_major: Any = False) -> Any:
    depth = _input_depth(inputs, static)
    within(interp, node, scope_cm(interp, node, _scope_or(scope, "rnn")), lambda _s: call_cell(interp, cell, depth, node, api))
    if static:
        return Unknown()
    shape = dims(inputs)
    if shape and len(shape) == 3:
        return tensor(shape[:2] + (output_depth(cell),))
    return tensor()


def h_dynamic_rnn(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    a = tfapi.bind(args, kwargs, _DYNAMIC)
    out = _run(interp, node, "nn.dynamic_rnn", a.get("cell"), a.get("inputs"), a.get("scope"), False)
    return (out, TFObject())


def h_static_rnn(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
    a = tfapi.bind(args, kwargs, _STATIC)
    out = _run(interp, node, "nn.static_rnn", a.get("cell"), a.get("inputs"), a.get("scope"), True)
    return (out, TFObject())


def _bidirectional(static: bool) -> Any:
    names = _BI_STATIC if static else _BI_DYNAMIC
    api = "nn.static_bidirectional_rnn" if static else "nn.bidirectional_dynamic_rnn"

    def handler(interp: Any, args: list, kwargs: dict, node: Any) -> Any:
        a = tfapi.bind(args, kwargs, names)
        outs = []

        def run(_scope: Any) -> None:
            for direction, cell in (("fw", a.get("cell_fw")), ("bw", a.get("cell_bw"))):
                inner = within(interp, node, scope_cm(interp, node, direction), lambda s: s)
                outs.append(_run(interp, node, api, cell, a.get("inputs"), inner, static))

        within(interp, node, scope_cm(interp, node, _scope_or(a.get("scope"), "bidirectional_rnn")), run)
        if static:
            return (Unknown(), TFObject(), TFObject())
        return ((outs[0], outs[1]), (TFObject(), TFObject()))

    return handler


tfapi.HANDLERS["nn.dynamic_rnn"] = h_dynamic_rnn
tfapi.HANDLERS["nn.static_rnn"] = h_static_rnn
tfapi.HANDLERS["nn.bidirectional_dynamic_rnn"] = _bidirectional(False)
tfapi.HANDLERS["nn.static_bidirectional_rnn"] = _bidirectional(True)
_unused = (is_unknown,)
