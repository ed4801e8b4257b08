"""The analysis of one module: run the interpreter, keep its events, and
give positions (computed once, only when something is reported)."""

from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from scopelint.engine import library  # noqa: F401  (registers the TF model into dispatch.REGISTRY)
from scopelint.engine.events import Kind, Outcome
from scopelint.engine.interpreter import Interpreter
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
            if not ev.record or ev.kind not in (Kind.GET_VARIABLE, Kind.VARIABLE):
                continue
            if ev.alone:
                action = (
                    "create" if ev.outcome is Outcome.CREATE else "reuse" if ev.outcome is Outcome.REUSE else "unknown"
                )
            elif ev.outcome is Outcome.CREATE:
                action = "create"
            elif ev.outcome is Outcome.REUSE:
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


def analyze_module(module: cst.Module) -> Analysis:
    reset_journals()
    interp = Interpreter(module)
    try:
        interp.run_module()
    finally:
        reset_journals()
    return Analysis(module, interp.events, interp.truncated)
