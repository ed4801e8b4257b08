"""The interpreter: runs a module in program order over the symbolic
model, following calls into functions, methods and classes.

Statements are in statements.py, expressions in expressions.py; TF APIs are
reached only through dispatch.py (the library modules model them).
"""

from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from scopelint.engine import dispatch
from scopelint.engine.events import Event
from scopelint.engine.expressions import ExpressionEvaluator
from scopelint.engine.frame import (
    MAX_DEPTH,
    MAX_STEPS,
    BreakSignal,
    BudgetExceeded,
    ContinueSignal,
    Frame,
    PartialSignal,
    ReturnSignal,
    Signal,
)
from scopelint.engine.imports import ImportRunner
from scopelint.engine.model import Graph
from scopelint.engine.objects import (
    BoundMethod,
    Builtin,
    ClassVal,
    DictVal,
    FuncVal,
    Instance,
    ModuleRef,
    PartialVal,
    TFObject,
    TFRef,
)
from scopelint.engine.project_modules import ProjectImports
from scopelint.engine.pyruntime import BUILTINS, carries_code, iterate
from scopelint.engine.statements import StatementRunner
from scopelint.engine.values import JDict, Plain, Unknown, pop_journal, push_journal

_NO_VALUE = object()


class Interpreter(StatementRunner, ExpressionEvaluator, ImportRunner):
    """One module's run; what library handlers use of it is protocol.Interp."""

    def __init__(self, module: cst.Module, imports: Optional[ProjectImports] = None):
        self.module = module
        self.imports = imports  # the project's modules (None: this file alone)
        self.module_frame = Frame(None)
        self.module_frame.env["__name__"] = "__main__"
        self.events: list[Event] = []
        self.steps = 0
        self.call_stack: list = []  # call-site nodes, outermost first
        self.active_funcs: list = []
        self.executed: set = set()  # FunctionDef/Lambda nodes run at least once
        self.global_assigns: dict = {}  # global name -> times bound
        self.silent = 0  # >0: a pass whose names are not reported (second loop pass)
        self.doubt = 0  # >0: an earlier step of this library call may have raised
        self.try_depth = 0  # >0: inside a try whose handlers catch TF's errors
        self.truncated = False
        self.rest_nesting = 0  # continuations of partially left blocks now running
        self.world = JDict({"graphs": (Graph(),)})
        self.alone = False  # analysing a function on its own
        self.api_name = ""  # canonical name of the TF API being called
        self.api_calls: dict = {}  # id(call node) -> qualified API name it resolved to (fixes read it)
        self.func_stack: list = []  # (FuncVal, first argument) of active calls
        self.library_state: dict = {}  # per-module state of library models (protocol.Interp)
        # Unknown data read from the same place (ExpressionEvaluator.stable);
        # the objects read from are kept alive so their ids stay theirs.
        self.stable_values = JDict()
        self.unknown_loops = 0  # >0: inside a loop of unknown length
        self.second_pass = 0  # >0: the certain second pass of such a loop
        self.replay = 0  # >0: its first pass run again before that second pass
        self.loop_nodes: list = []  # (loop, call depth) of those loops, innermost last
        self.graph_refs = 0  # TF values tied to a graph handed out (project_modules)
        self.rerun_events: dict = {}  # notebook cell index -> events of its second run (None: unknown)
        self.cell_globals: dict = {}  # notebook cell index -> {global name: value} as the cell starts (SCO204's fix)

    # ---------------------------------------------------------------- graph

    def graphs(self) -> tuple:
        """The stack of graphs made default (`with g.as_default():`), innermost last."""
        graphs = self.world["graphs"]
        if not isinstance(graphs, tuple) or not graphs:
            # Paths that left different graphs current were joined: which graph
            # is current is unknown from here on.
            lost = Graph(unknown_context=True)
            lost.lose()
            graphs = (lost,)
            self.world["graphs"] = graphs
        return graphs

    @property
    def graph(self) -> Graph:
        return self.graphs()[-1]

    def push_graph(self, graph: Graph) -> None:
        self.world["graphs"] = self.graphs() + (graph,)

    def pop_graph(self) -> None:
        graphs = self.graphs()
        self.world["graphs"] = graphs[:-1] if len(graphs) > 1 else graphs

    def set_graphs(self, graphs: tuple) -> None:
        self.world["graphs"] = graphs

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise BudgetExceeded()

    # ---------------------------------------------------------------- run

    def run_module(self, cells: Optional[list] = None) -> None:
        """`cells`: [start, end) ranges of top-level statements run as notebook
        cells; after each cell runs, it runs once more (see rerun_cell)."""
        frame = self.module_frame
        body = list(self.module.body)
        try:
            if cells is None:
                self.exec_block(body, frame)
            else:
                for number, (start, end) in enumerate(cells):
                    self.cell_globals[number] = dict(frame.env.items())
                    self.exec_block(body[start:end], frame)
                    self.rerun_cell(number, body[start:end], frame)
        except Signal:
            pass
        except (BudgetExceeded, RecursionError):
            self.truncated = True
            return
        self.run_unexecuted_functions()

    def rerun_cell(self, number: int, stmts: list, frame: Frame) -> None:
        """Run a cell's statements a second time, as re-executing the cell in
        the same kernel does, and undo it: the program goes on as if the cell
        ran once. Its events go to rerun_events[number], not to `events`."""
        journal = push_journal()
        events: Optional[list] = self.events
        self.events = []
        assigns, steps = dict(self.global_assigns), self.steps
        rerun: Optional[list] = None
        try:
            try:
                self.exec_block(stmts, frame)
            except Signal:
                pass
            rerun = self.events
        except (BudgetExceeded, RecursionError):
            # Branch journals the limit cut short were not undone: the state is
            # not the first run's any more, so the analysis stops here (truncated).
            raise
        finally:
            self.rerun_events[number] = rerun
            pop_journal(journal)
            journal.undo()
            assert events is not None
            self.events, self.global_assigns, self.steps = events, assigns, steps

    def run_unexecuted_functions(self) -> None:
        """Analyse every function never called from module code on its own,
        from an unknown caller: only what fails whatever the caller does."""
        self.alone = True
        for node in _function_defs(self.module):
            if node in self.executed:
                continue
            self.executed.add(node)
            frame = Frame(self.module_frame)
            # Globals bound more than once may hold anything when it is called.
            for name, count in self.global_assigns.items():
                if count > 1:
                    frame.env[name] = Unknown()
            self.world = JDict({"graphs": (Graph(unknown_context=True),)})
            func = FuncVal(node, frame, {}, node.name.value)
            try:
                self.call_function(func, [], {}, node, unknown_args=True)
            except (BudgetExceeded, RecursionError):
                self.truncated = True
                return
            except Signal:
                pass

    # ---------------------------------------------------------------- definitions

    def define_function(self, node: cst.FunctionDef, frame: Frame) -> None:
        defaults = self.eval_defaults(node.params, frame)
        kind = "function"
        value: Any = None
        applied: list = []
        for dec in node.decorators:
            d = dec.decorator
            dname = d.value if isinstance(d, cst.Name) else (d.attr.value if isinstance(d, cst.Attribute) else None)
            if dname in ("staticmethod", "classmethod", "property"):
                kind = dname
            elif dname in ("setter", "getter", "deleter"):
                value = _NO_VALUE
            elif dname in (
                "wraps",
                "abstractmethod",
                "add_arg_scope",
                "function",
                "defun",
                "jit",
                "cache",
                "lru_cache",
            ):
                pass
            else:
                applied.append(d)
        if value is _NO_VALUE:
            return
        value = FuncVal(node, frame, defaults, node.name.value, kind)
        # Decorators apply innermost first: one of the module's own functions
        # runs (a registry decorator stores the function in a dict or list);
        # any other makes the function escape, unknown from there on.
        decorators = [self.evaluate(d, frame) for d in applied]
        for d, deco in zip(reversed(applied), reversed(decorators)):
            if isinstance(value, Unknown) or not isinstance(deco, (FuncVal, BoundMethod, PartialVal)):
                value = Unknown()
            else:
                value = self.call(deco, [value], {}, d)
        self.assign_name(node.name.value, value, frame)

    def define_class(self, node: cst.ClassDef, frame: Frame) -> None:
        bases = [self.evaluate(arg.value, frame) for arg in node.bases]
        cls_frame = Frame(frame, is_class=True)
        try:
            self.exec_block(node.body, cls_frame)
        except Signal:
            pass
        cls = ClassVal(
            node.name.value,
            [b for b in bases if not (isinstance(b, ModuleRef) and b.qual == "builtins.object")],
            cls_frame.env,
            node,
        )
        for v in cls_frame.env.data.values():
            if isinstance(v, FuncVal):
                v.owner = cls
        self.assign_name(node.name.value, cls, frame)

    # ---------------------------------------------------------------- calls

    def call_function(
        self, func: FuncVal, args: list, kwargs: dict, site: Any, *, unknown_args: bool = False, reentrant: bool = False
    ) -> Any:
        """`reentrant`: a call the library makes while the function runs (the
        same custom getter wrapped around itself), not a recursion."""
        node = func.node
        if self.alone and func.closure.globals_frame.module is not None:
            # A function analysed alone knows neither the graph nor its
            # arguments: following it into other modules finds nothing
            # certain that linting those modules does not find there.
            return self.unknown_call(args, kwargs)
        if (node in self.active_funcs and not reentrant) or len(self.active_funcs) >= MAX_DEPTH:
            # Recursion or too deep: what it does is unknown from here on.
            self.graph.lose()
            return Unknown()
        self.tick()
        self.executed.add(node)
        frame = Frame(func.closure, func=func)
        self.bind_params(func, args, kwargs, frame, unknown_args)
        self.active_funcs.append(node)
        self.func_stack.append((func, args[0] if args else None))
        self.call_stack.append(site)
        try:
            if isinstance(node, cst.Lambda):
                return self.evaluate(node.body, frame)
            try:
                self.exec_block(node.body, frame)
            except ReturnSignal as ret:
                return ret.value
            except PartialSignal:
                return Unknown()
            except (BreakSignal, ContinueSignal):
                return Unknown()
            return None
        finally:
            self.call_stack.pop()
            self.func_stack.pop()
            self.active_funcs.pop()

    def call(self, callee: Any, args: list, kwargs: dict, node: Any, *, unknown_star: bool = False) -> Any:
        self.tick()
        if isinstance(callee, TFRef):
            if unknown_star:
                # Arguments we cannot see: the call may create anything.
                self.graph.open_store()
                return TFObject()
            args = [self.flag_value(a) for a in args]
            kwargs = {k: self.flag_value(v) for k, v in kwargs.items()}
            return dispatch.call(self, callee, args, kwargs, node)
        if isinstance(callee, Builtin):
            return callee.impl(self, args, kwargs, node)
        if unknown_star:
            return self.unknown_call(args, kwargs)
        if isinstance(callee, FuncVal):
            return self.call_function(callee, args, kwargs, node)
        if isinstance(callee, BoundMethod):
            return self.call_function(callee.func, [callee.self_value] + args, kwargs, node)
        if isinstance(callee, ClassVal):
            return self.instantiate(callee, args, kwargs, node)
        if isinstance(callee, Instance):
            method = callee.cls.lookup("__call__")
            if isinstance(method, FuncVal):
                return self.call_function(method, [callee] + args, kwargs, node)
        if isinstance(callee, ModuleRef) and callee.qual == "functools.partial" and args:
            return PartialVal(args[0], tuple(args[1:]), dict(kwargs))
        if isinstance(callee, PartialVal):
            return self.call(callee.func, list(callee.args) + list(args), {**callee.kwargs, **kwargs}, node)
        if isinstance(callee, ModuleRef) and callee.qual in dispatch.REGISTRY.module_apis and not unknown_star:
            result = dispatch.REGISTRY.module_apis[callee.qual](self, args, kwargs, node)
            if result is not NotImplemented:
                return result
        if isinstance(callee, ModuleRef) and callee.qual in dispatch.REGISTRY.python_functions:
            result = dispatch.REGISTRY.python_functions[callee.qual](args, kwargs)
            if result is not NotImplemented:
                return result
        if isinstance(callee, ModuleRef) and callee.pure:
            if callee.qual.startswith("absl.app"):
                return self.run_main(args, kwargs, node)
            # Only data in, so only data out (a partial of a builder is not).
            return Plain() if not carries_code(args, kwargs, strict=not callee.data_only) else Unknown()
        if isinstance(callee, Plain):
            # A method of a numpy array, a DataFrame, a file...: inert unless
            # it is handed code it may run (`df.apply(build)`).
            return Plain() if not carries_code(args, kwargs, strict=False) else self.unknown_call(args, kwargs)
        result = dispatch.call_object(self, callee, args, kwargs, node)
        if result is not NotImplemented:
            return result
        return self.unknown_call(args, kwargs)

    def unknown_call(self, args: list, kwargs: dict) -> Any:
        """A call we cannot see into: it may create variables."""
        self.graph.open_store()
        return Unknown()

    def run_main(self, args: list, kwargs: dict, node: Any) -> Any:
        main = kwargs.get("main", args[0] if args else None)
        if main is None:
            main = self.module_frame.env.get("main")
        if isinstance(main, FuncVal):
            self.call_function(main, [Unknown()], {}, node)
        return None

    def instantiate(self, cls: ClassVal, args: list, kwargs: dict, node: Any) -> Any:
        inst = Instance(cls)
        init = cls.lookup("__init__")
        if isinstance(init, FuncVal):
            self.call_function(init, [inst] + list(args), kwargs, node)
        elif not cls.fully_known:
            # A base class we cannot see: its __init__ may make anything.
            self.graph.open_store()
        return inst

    def active_func_value(self):
        return self.func_stack[-1] if self.func_stack else None

    def bind_params(self, func: FuncVal, args: list, kwargs: dict, frame: Frame, unknown_args: bool) -> None:
        params = func.node.params
        positional = list(params.posonly_params) + list(params.params)
        args = list(args)
        kwargs = dict(kwargs)
        for p in positional:
            name = p.name.value
            if unknown_args:
                value = Unknown()
            elif args:
                value = args.pop(0)
            elif name in kwargs:
                value = kwargs.pop(name)
            elif name in func.defaults:
                value = func.defaults[name]
            else:
                value = Unknown()
            frame.env[name] = value
        if isinstance(params.star_arg, cst.Param):
            frame.env[params.star_arg.name.value] = Unknown() if unknown_args else tuple(args)
        for p in params.kwonly_params:
            name = p.name.value
            if unknown_args:
                frame.env[name] = Unknown()
            elif name in kwargs:
                frame.env[name] = kwargs.pop(name)
            else:
                frame.env[name] = func.defaults.get(name, Unknown())
        if params.star_kwarg is not None:
            frame.env[params.star_kwarg.name.value] = Unknown() if unknown_args else DictVal(kwargs)

    # ---------------------------------------------------------------- names

    def lookup(self, name: str, frame: Frame) -> Any:
        f: Optional[Frame] = frame
        if name in frame.declared_global:
            f = frame.globals_frame
        while f is not None:
            if name in f.env:
                return f.env[name]
            f = f.parent
            # Class bodies are not visible from the methods defined in them.
            while f is not None and f.is_class and f is not frame:
                f = f.parent
        found = BUILTINS.get(name)
        return found if found is not None else Unknown()

    def assign_name(self, name: str, value: Any, frame: Frame) -> None:
        target = frame
        if name in frame.declared_global:
            target = frame.globals_frame
        elif name in frame.declared_nonlocal:
            f = frame.parent
            while f is not None and name not in f.env:
                f = f.parent
            target = f or frame
        if target is target.globals_frame and target.module is None and not self.alone:
            self.global_assigns[name] = self.global_assigns.get(name, 0) + 1
        target.env[name] = value

    def assign(self, target: Any, value: Any, frame: Frame) -> None:
        if isinstance(target, cst.Name):
            self.assign_name(target.value, value, frame)
        elif isinstance(target, (cst.Tuple, cst.List)):
            items = iterate(value)
            elements = target.elements
            if (
                items is not None
                and len(items) == len(elements)
                and not any(isinstance(e, cst.StarredElement) for e in elements)
            ):
                for el, item in zip(elements, items):
                    self.assign(el.value, item, frame)
            else:
                for el in elements:
                    self.assign(el.value, Plain() if isinstance(value, Plain) else Unknown(), frame)
        elif isinstance(target, cst.Attribute):
            obj = self.evaluate(target.value, frame)
            if isinstance(obj, (Instance, ClassVal)):
                attrs = obj.attrs
                attrs[target.attr.value] = value
            elif isinstance(obj, Plain):  # FLAGS.scope = 'x': later reads see it
                self.stable_values[(obj, target.attr.value)] = value
        elif isinstance(target, cst.Subscript):
            self.assign_subscript(target, value, frame)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, Unknown(), frame)


# Fields through which statements hold other statements (in source order).
_BLOCK_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")


def _function_defs(module: cst.Module) -> list:
    """Every FunctionDef, in source order. Functions are statements, so only
    statement blocks are walked (a CSTVisitor would rebuild every node of
    the module: half the time of a lint), iteratively (no depth limit)."""
    out: list = []
    stack: list = [module]
    while stack:
        node = stack.pop()
        if type(node) in _LEAF_STATEMENTS:  # most statements: nothing to find inside
            continue
        if isinstance(node, cst.FunctionDef):
            out.append(node)
        children: list = []
        for name in _BLOCK_FIELDS:
            value = getattr(node, name, None)
            if isinstance(value, cst.CSTNode):
                children.append(value)
            elif isinstance(value, (tuple, list)):
                children.extend(v for v in value if isinstance(v, cst.CSTNode))
        stack.extend(reversed(children))
    return out


# Statements that hold no other statements (lambdas are not FunctionDefs).
_LEAF_STATEMENTS = frozenset({cst.SimpleStatementLine, cst.SimpleStatementSuite})
