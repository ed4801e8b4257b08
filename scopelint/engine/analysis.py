"""The analysis of one module: run the interpreter, keep its events, and
give positions (computed once, only when something is reported)."""

from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from scopelint.engine.interpreter import Interpreter
from scopelint.engine import library  # noqa: F401  (registers library APIs)
from scopelint.engine.values import render, reset_journals
from scopelint.results import NameRecord


class Analysis:
    def __init__(self, module: cst.Module, events: list, truncated: bool):
        self.module = module
        self.events = events
        self.truncated = truncated
        # The module's text, if the caller has it: positions then parse it
        # with CPython's (fast) parser rather than generate the code again.
        self.source_text: Optional[str] = None
        self._positions: Optional[Any] = None
        # Notebook cells ([start, end) statement ranges) and, per cell index,
        # the events of running it a second time (None: not followed).
        self.cells: list = []
        self.rerun_events: dict = {}

    def position(self, node: Any) -> "tuple[int, int]":
        """1-based line and column of a node."""
        if self._positions is None:
            # Only the statements that hold reported nodes are generated
            # (libcst's PositionProvider would cost about one more parse).
            from scopelint.positions import Positions

            self._positions = Positions(self.module, text=self.source_text)
        pos = self._positions.start(node)
        return (1, 1) if pos is None else pos

    def line(self, node: Any) -> int:
        return self.position(node)[0]

    def name_records(self, path: str) -> list:
        out = []
        for ev in self.events:
            if not ev.record or ev.kind not in ("get_variable", "Variable"):
                continue
            if ev.detail.get("alone"):
                action = "create" if ev.outcome == "create" else "reuse" if ev.outcome == "reuse" else "unknown"
            elif ev.outcome == "create":
                action = "create"
            elif ev.outcome == "reuse":
                action = "reuse"
            elif ev.outcome is None:
                action = "unknown"
            else:
                continue  # the call raises: it makes no variable
            line, col = self.position(ev.node)
            shown = render(ev.name)
            # A name ending in an unknown part (`?`) already stands for any suffix.
            out.append(NameRecord(path, line, col, shown if shown.endswith("?") else shown + ":0", action, ev.api))
        return out


def analyze_module(module: cst.Module, cells: Optional[list] = None) -> Analysis:
    """`cells`: [start, end) ranges of `module.body` that are notebook cells
    (run in order, each also re-run once: Analysis.rerun_events)."""
    reset_journals()
    interp = Interpreter(module)
    try:
        interp.run_module(cells)
    finally:
        reset_journals()
    analysis = Analysis(module, interp.events, interp.truncated)
    analysis.cells = list(cells or ())
    analysis.rerun_events = interp.rerun_events
    return analysis
