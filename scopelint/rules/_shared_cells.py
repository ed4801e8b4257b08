"""What SCO113 and SCO205 say about one RNN cell object placed in several layers of a MultiRNNCell."""

from __future__ import annotations

from typing import Any

import libcst as cst

from scopelint.engine.events import Kind, Outcome
from scopelint.rules._report import certain

FIX = "build one cell per layer: `MultiRNNCell([make_cell() for _ in range(n)])`"


def events(analysis: Any, outcome: Outcome) -> list:
    return [
        ev
        for ev in analysis.events
        if ev.kind is Kind.SHARED_CELL and ev.outcome is outcome and certain(ev) and ev.shared_cell is not None
    ]


def list_text(analysis: Any, node: Any) -> str:
    """`[cell] * 2` (short) or `the cell list` for the list passed to MultiRNNCell."""
    try:
        text = cst.Module(body=[]).code_for_node(node)
    except Exception:  # a node libcst cannot print on its own
        return "the cell list"
    return f"`{text}`" if len(text) <= 60 and "\n" not in text else "the cell list"


def describe(analysis: Any, ev: Any) -> tuple:
    """(list node or None, 'the list `[cell] * 2` at line 5', first layer, this layer)."""
    cells_node, first_i, i, _first_depth, _depth = ev.shared_cell
    where = f" at {analysis.where(cells_node)}" if cells_node is not None else ""
    listed = list_text(analysis, cells_node) if cells_node is not None else "the cell list"
    return cells_node, f"{listed}{where}", first_i, i
