"""What library handlers may use of the interpreter: one Protocol, so that
library modules depend on this interface and never on the interpreter."""

from __future__ import annotations

from typing import Any, Optional, Protocol

from scopelint.engine.model import Graph
from scopelint.engine.objects import FuncVal


class Interp(Protocol):
    events: list  # of events.Event (not imported: events.py types its emit with this Protocol)
    call_stack: list  # call-site nodes, outermost first
    silent: int  # >0: a pass whose names are not reported
    doubt: int  # >0: an earlier step of this library call may have raised
    try_depth: int  # >0: inside a try whose handlers catch TF's errors
    alone: bool  # analysing a function on its own
    api_name: str  # canonical name of the TF API being called
    api_calls: dict  # id(call node) -> the qualified API name it resolved to (`tensorflow.variable_scope`)
    library_state: dict  # per-module state of library models (slim's arg_scope stack)
    unknown_loops: int  # >0: inside a loop of unknown length
    second_pass: int  # >0: the certain second pass of such a loop
    replay: int  # >0: its first pass run again before that second pass
    loop_nodes: list  # (loop, call depth) of those loops, innermost last
    graph_refs: int  # TF values tied to a graph handed out (project_modules)

    @property
    def graph(self) -> Graph: ...

    def graphs(self) -> tuple: ...

    def set_graphs(self, graphs: tuple) -> None: ...

    def push_graph(self, graph: Graph) -> None: ...

    def pop_graph(self) -> None: ...

    def call(self, callee: Any, args: list, kwargs: dict, node: Any, *, unknown_star: bool = False) -> Any: ...

    def call_function(
        self, func: FuncVal, args: list, kwargs: dict, site: Any, *, unknown_args: bool = False
    ) -> Any: ...

    def unknown_call(self, args: list, kwargs: dict) -> Any: ...

    def run_main(self, args: list, kwargs: dict, node: Any) -> Any: ...

    def active_func_value(self) -> Optional[tuple]: ...
