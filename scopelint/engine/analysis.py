"""The analysis of one module: run the interpreter, keep its events, and
give positions (computed once, only when something is reported)."""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

import libcst as cst

from scopelint.engine import library  # noqa: F401  (registers the TF model into dispatch.REGISTRY)
from scopelint.engine.events import KeySet, Kind, Outcome
from scopelint.engine.interpreter import Interpreter
from scopelint.engine.project_modules import ProjectImports, SourceModule
from scopelint.engine.values import SymStr, render, reset_journals
from scopelint.positions import has_positions, positions_of
from scopelint.results import CheckpointRecord, NameRecord


class Analysis:
    def __init__(self, module: cst.Module, events: list, truncated: bool, imports: Optional[ProjectImports] = None):
        self.module = module
        self.events = events
        self.truncated = truncated
        # The module's text, if the caller has it: positions then parse it
        # with CPython's (fast) parser rather than generate the code again.
        self.source_text: Optional[str] = None
        self._positions: Optional[Any] = None
        # Other files of the project this program read (imports), by path.
        self.sources: Dict[str, SourceModule] = dict(imports.read) if imports is not None else {}
        self._where: Dict[int, Optional[str]] = {}  # id(node) -> path of its file (None: this one)
        # How paths of other files are shown (the linter sets it).
        self.display: Callable[[str], str] = lambda p: p
        self.main_path = "<module>"
        # Notebook cells ([start, end) statement ranges) and, per cell index,
        # the events of running it a second time (None: not followed).
        self.cells: list = []
        self.rerun_events: dict = {}
        self.cell_globals: dict = {}  # cell index -> {global name: value} as it starts
        # id(call node) -> the qualified API name it resolved to (kept alive by `module`).
        self.api_calls: dict = {}

    def _main_positions(self) -> Any:
        if self._positions is None:
            # Only the statements that hold reported nodes are generated
            # (libcst's PositionProvider would cost about one more parse).
            self._positions = positions_of(self.module, self.source_text)
        return self._positions

    def file_of(self, node: Any) -> Optional[str]:
        """The path of the other project file that holds `node`, or None
        when it is in the analysed module itself."""
        key = id(node)
        if key in self._where:
            return self._where[key]
        found: Optional[str] = None
        if self.sources and not self._main_positions().owns(node):
            # Files whose statements were walked already (by any program of
            # this process) are asked first: a walk is paid once per file.
            for path, src in sorted(self.sources.items(), key=lambda item: not has_positions(item[1].tree)):
                if positions_of(src.tree, src.text).owns(node):
                    found = path
                    break
        self._where[key] = found
        return found

    def position(self, node: Any) -> "tuple[int, int]":
        """1-based line and column of a node (in the file that holds it)."""
        path = self.file_of(node)
        positions = self._main_positions() if path is None else positions_of(self.sources[path].tree)
        pos = positions.start(node)
        return (1, 1) if pos is None else pos

    def line(self, node: Any) -> int:
        return self.position(node)[0]

    def display_path(self, node: Any, path: str) -> str:
        """Where a node is shown: `path` for the analysed module, else the
        other file's path as the linter displays it."""
        other = self.file_of(node)
        return path if other is None else self.display(other)

    def place(self, node: Any) -> str:
        """`path:line` of a node, whichever file holds it."""
        other = self.file_of(node)
        return f"{self.main_path if other is None else self.display(other)}:{self.line(node)}"

    def where(self, node: Any) -> str:
        """`line N` in the analysed module, `path:N` in another file."""
        return f"line {self.line(node)}" if self.file_of(node) is None else self.place(node)

    def dependencies(self) -> "list[tuple[str, str]]":
        """(path, content digest) of every other file the analysis read."""
        return sorted((path, src.digest) for path, src in self.sources.items())

    def name_records(self, path: str) -> list:
        out = []
        # A line the module's own run reached is named by that run; what a
        # function analysed alone (an unknown caller) makes there is hypothetical.
        reached = {id(ev.node) for ev in self.events if not ev.alone}
        for ev in self.events:
            if not ev.record or ev.kind not in (Kind.GET_VARIABLE, Kind.VARIABLE):
                continue
            if ev.alone and id(ev.node) in reached:
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
            where = self.display_path(ev.node, path)
            # A name ending in an unknown part (`?`) already stands for any suffix.
            out.append(
                NameRecord(
                    where,
                    line,
                    col,
                    shown if shown.endswith("?") or ev.partitioned else shown + ":0",
                    action,
                    ev.api,
                    more_iterations=ev.unknown_loop,
                    chain=tuple((self.display_path(n, path), self.line(n), None) for n in ev.stack),
                    entry=path if where != path else None,
                    shape=ev.var_shape if _full(ev.var_shape) else None,
                    dtype=ev.var_dtype if isinstance(ev.var_dtype, str) else None,
                )
            )
        return out

    def checkpoint_records(self, path: str) -> list:
        """Every save, and every restore no earlier save of this program
        wrote the checkpoint of (CheckpointRecord), in execution order."""
        out = []
        for ev in self.events:
            if ev.kind not in (Kind.SAVE, Kind.RESTORE) or not ev.certain or ev.caught or ev.alone:
                continue
            info = ev.checkpoint
            line, col = self.position(ev.node)
            where = self.display_path(ev.node, path)
            if ev.kind is Kind.SAVE:
                blind = info.blind or not isinstance(info.prefix, (str, SymStr))
                target = "" if blind else render(info.prefix)
                keys = _key_rows(info.keys)
                saver_line = self.line(info.keys.node)
                out.append(CheckpointRecord(where, line, col, "save", "prefix", target, info.directory or "", keys,
                                            saver_line, blind))  # fmt: skip
                continue
            if info.written is not None or info.target is None:
                continue  # linked within the program, or a path not known
            action = "saver.restore" if ev.api.endswith("restore") else "init_from_checkpoint"
            saver_line = self.line(info.needed.node) if info.needed.node is not ev.node else 0
            out.append(CheckpointRecord(where, line, col, action, info.target.kind, info.target.path, "",
                                        _key_rows(info.needed), saver_line))  # fmt: skip
        return out


def _key_rows(keys: KeySet) -> Optional[tuple]:
    if keys.keys is None:
        return None
    return tuple((k, v.variable, v.shape, v.slot, v.dtype) for k, v in keys.keys.items())


def _full(shape: Any) -> bool:
    return isinstance(shape, tuple) and all(isinstance(d, int) and not isinstance(d, bool) for d in shape)


def analyze_module(
    module: cst.Module, imports: Optional[ProjectImports] = None, cells: Optional[list] = None
) -> Analysis:
    """Run `module` as a program; `imports` finds and reads the project
    modules it imports (None: the module alone). `cells`: [start, end)
    ranges of `module.body` that are notebook cells (run in order, each also
    re-run once: Analysis.rerun_events)."""
    reset_journals()
    interp = Interpreter(module, imports)
    try:
        interp.run_module(cells)
    finally:
        reset_journals()
    analysis = Analysis(module, interp.events, interp.truncated, imports)
    analysis.cells = list(cells or ())
    analysis.rerun_events = interp.rerun_events
    analysis.cell_globals = interp.cell_globals
    analysis.api_calls = interp.api_calls
    return analysis
