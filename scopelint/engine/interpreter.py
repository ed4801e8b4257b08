"""Statements and control flow: runs a module in program order over the
symbolic model, following calls into functions, methods and classes.

Branches whose condition is unknown run one after the other from the same
state and are then joined (see values.Journal); loops over known ranges are
unrolled, others run as "zero or more times".
"""

from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from scopelint.engine import tfapi
from scopelint.engine.expressions import ExpressionEvaluator, truthiness
from scopelint.engine.model import Graph
from scopelint.engine.objects import (
    ClassVal,
    DictVal,
    FuncVal,
    GraphCM,
    Instance,
    LibraryCM,
    ListVal,
    ModuleRef,
    NameScopeCM,
    NullCM,
    TFRef,
    VarScopeCM,
)
from scopelint.engine.project_modules import ProjectImports, ProjectModule
from scopelint.engine.values import (
    MISSING,
    JDict,
    Plain,
    Unknown,
    join_values,
    pop_journal,
    push_journal,
)

MAX_STEPS = 200_000  # statements + calls per module before we stop following
MAX_DEPTH = 24  # nested user-function calls
MAX_UNROLL = 64  # loop iterations followed one by one
# Blocks continued after a statement some paths left (`if c: return`): each
# continuation nests a branch in the one before, so the work grows with the
# square of their number. Past this many at once, the rest is unknown.
MAX_REST_NESTING = 200


class BudgetExceeded(Exception):
    pass


class _Signal(Exception):
    """Abrupt completion of a statement (return/break/continue/raise)."""

    kind = ""

    def __init__(self, value: Any = None):
        super().__init__()
        self.value = value


class ReturnSignal(_Signal):
    kind = "return"


class BreakSignal(_Signal):
    kind = "break"


class ContinueSignal(_Signal):
    kind = "continue"


class RaiseSignal(_Signal):
    kind = "raise"


class Frame:
    """Local names of one function activation (or the module, or a class body)."""

    __slots__ = ("env", "parent", "globals_frame", "declared_global", "declared_nonlocal", "func", "is_class", "module")

    def __init__(self, parent: Optional["Frame"], func: Any = None, is_class: bool = False):
        self.env = JDict()
        # The project module whose globals these are (None: the entry script).
        self.module = parent.module if parent else None
        self.parent = parent
        self.globals_frame = parent.globals_frame if parent else self
        self.declared_global: set = set()
        self.declared_nonlocal: set = set()
        self.func = func
        self.is_class = is_class


_NO_VALUE = object()


class Interpreter(ExpressionEvaluator):
    def __init__(self, module: cst.Module, imports: Optional[ProjectImports] = None):
        self.module = module
        self.imports = imports  # the project's modules (None: this file alone)
        self.events: list = []
        self.steps = 0
        self.call_stack: list = []  # call-site nodes, outermost first
        self.active_funcs: list = []
        self.executed: set = set()  # FunctionDef/Lambda nodes run at least once
        self.global_assigns: dict = {}  # global name -> times bound
        self.silent = 0  # >0: a pass whose names are not reported (second loop pass)
        self.second_pass = 0  # >0: the certain second pass of a loop of unknown length
        self.replay = 0  # >0: a first pass run again before that second pass
        self.unknown_loops = 0  # >0: inside a loop of unknown length
        self.graph_refs = 0  # TF values tied to a graph handed out (project_modules)
        self.loop_nodes: list = []  # (loop, call depth) of those loops, innermost last
        self.doubt = 0  # >0: an earlier step of this library call may have raised
        self.try_depth = 0  # >0: inside a try whose handlers catch TF's errors
        self.truncated = False
        self.rest_nesting = 0  # continuations of partially left blocks now running
        self.world = JDict({"graphs": (Graph(),)})
        self.alone = False  # analysing a function on its own
        self.api_name = ""  # canonical name of the TF API being called
        self.func_stack: list = []  # (FuncVal, first argument) of active calls
        # Unknown data read from the same place (ExpressionEvaluator.stable);
        # the objects read from are kept alive so their ids stay theirs.
        self.stable_values = JDict()
        self.rerun_events: dict = {}  # notebook cell index -> events of its second run (None: unknown)

    # ---------------------------------------------------------------- graph

    def _graphs(self) -> tuple:
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
        return self._graphs()[-1]

    def push_graph(self, graph: Graph) -> None:
        self.world["graphs"] = self._graphs() + (graph,)

    def pop_graph(self) -> None:
        graphs = self._graphs()
        self.world["graphs"] = graphs[:-1] if len(graphs) > 1 else graphs

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise BudgetExceeded()

    # ---------------------------------------------------------------- run

    def run_module(self, cells: Optional[list] = None) -> None:
        """`cells`: [start, end) ranges of top-level statements run as notebook
        cells; after each cell runs, it runs once more (see rerun_cell)."""
        frame = Frame(None)
        frame.env["__name__"] = "__main__"
        self.module_frame = frame
        body = list(self.module.body)
        try:
            if cells is None:
                self.exec_block(body, frame)
            else:
                for number, (start, end) in enumerate(cells):
                    self.exec_block(body[start:end], frame)
                    self.rerun_cell(number, body[start:end], frame)
        except _Signal:
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
        events, self.events = self.events, []
        assigns, steps = dict(self.global_assigns), self.steps
        try:
            self.exec_block(stmts, frame)
        except _Signal:
            pass
        except (BudgetExceeded, RecursionError):
            # Branch journals the limit cut short were not undone: the state is
            # not the first run's any more, so the analysis stops here (truncated).
            self.events = None
            raise
        finally:
            pop_journal(journal)
            journal.undo()
            self.rerun_events[number] = self.events
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
            except _Signal:
                pass

    # ---------------------------------------------------------------- blocks

    def exec_block(self, body: Any, frame: Frame) -> None:
        """Run statements; raises a _Signal when every path left the block."""
        stmts = body.body if isinstance(body, (cst.IndentedBlock, cst.SimpleStatementSuite)) else body
        stmts = list(stmts)
        i = 0
        while i < len(stmts):
            partial = self.exec_stmt(stmts[i], frame)
            i += 1
            if partial and i < len(stmts):
                # Some paths already left: the rest runs on the others only.
                rest = stmts[i:]
                if self.rest_nesting >= MAX_REST_NESTING:
                    # Not followed: unknown from here (every path may have left).
                    self.graph.lose()
                    self.truncated = True
                    raise _Partial({ReturnSignal})
                self.rest_nesting += 1
                try:
                    self.branches([lambda: self.exec_block(rest, frame), lambda: None])
                finally:
                    self.rest_nesting -= 1
                return

    def exec_stmt(self, stmt: Any, frame: Frame) -> bool:
        """Returns True when some (not all) paths left through return/break/continue."""
        self.tick()
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                self.exec_small(small, frame)
            return False
        if isinstance(stmt, cst.If):
            return self.exec_if(stmt, frame)
        if isinstance(stmt, cst.For):
            return self.exec_for(stmt, frame)
        if isinstance(stmt, cst.While):
            return self.exec_while(stmt, frame)
        if isinstance(stmt, cst.With):
            return self.exec_with(stmt, frame)
        if isinstance(stmt, cst.FunctionDef):
            self.define_function(stmt, frame)
            return False
        if isinstance(stmt, cst.ClassDef):
            self.define_class(stmt, frame)
            return False
        if isinstance(stmt, (cst.Try, getattr(cst, "TryStar", cst.Try))):
            return self.exec_try(stmt, frame)
        # match statements and anything newer: names they bind become unknown.
        for name in _bound_names(stmt):
            self.assign_name(name, Unknown(), frame)
        return False

    def exec_small(self, small: Any, frame: Frame) -> None:
        if isinstance(small, cst.Expr):
            self.evaluate(small.value, frame)
        elif isinstance(small, cst.Assign):
            value = self.evaluate(small.value, frame)
            for target in small.targets:
                self.assign(target.target, value, frame)
        elif isinstance(small, cst.AnnAssign):
            if small.value is not None:
                self.assign(small.target, self.evaluate(small.value, frame), frame)
        elif isinstance(small, cst.AugAssign):
            value = self.eval_augassign(small, frame)
            self.assign(small.target, value, frame)
        elif isinstance(small, cst.Return):
            value = self.evaluate(small.value, frame) if small.value is not None else None
            raise ReturnSignal(value)
        elif isinstance(small, cst.Raise):
            if small.exc is not None:
                self.evaluate(small.exc, frame)
            raise RaiseSignal()
        elif isinstance(small, cst.Break):
            raise BreakSignal()
        elif isinstance(small, cst.Continue):
            raise ContinueSignal()
        elif isinstance(small, cst.Import):
            self.exec_import(small, frame)
        elif isinstance(small, cst.ImportFrom):
            self.exec_import_from(small, frame)
        elif isinstance(small, cst.Global):
            frame.declared_global.update(n.name.value for n in small.names)
        elif isinstance(small, cst.Nonlocal):
            frame.declared_nonlocal.update(n.name.value for n in small.names)
        elif isinstance(small, cst.Assert):
            self.evaluate(small.test, frame)
        elif isinstance(small, cst.Del):
            for name in _bound_names(small):
                self.assign_name(name, Unknown(), frame)

    # ---------------------------------------------------------------- branches

    def branches(self, runners: list) -> None:
        """Run each path from the same state, then join their states.

        Findings inside a path stay valid: they say what happens when the path
        is taken. Raises a signal when every path left the block.
        """
        results = []
        for run in runners:
            journal = push_journal()
            signal: Optional[_Signal] = None
            try:
                run()
            except _Signal as sig:
                signal = sig
            finally:
                pop_journal(journal)
            results.append((signal, journal.finals()))
            journal.undo()
        joined = [r for r in results if not isinstance(r[0], RaiseSignal)]
        if not joined:
            raise RaiseSignal()
        touched: dict = {}
        for _sig, finals in joined:
            for k, (container, key, _v) in finals.items():
                touched[k] = (container, key)
        for k, (container, key) in touched.items():
            current = container.data.get(key, MISSING)
            vals = [finals[k][2] if k in finals else current for _sig, finals in joined]
            new = join_values(vals)
            if new is MISSING:
                container.pop(key)
            else:
                container[key] = new
        signals = [sig for sig, _f in joined]
        ended = [s for s in signals if s is not None and not isinstance(s, _Partial)]
        if len(ended) == len(signals):
            kinds = {type(sig) for sig in ended}
            if len(kinds) == 1:
                kind = kinds.pop()
                if kind is ReturnSignal:
                    raise ReturnSignal(join_values([s.value for s in ended]))
                raise kind()
            raise _Partial(kinds)
        if any(s is not None for s in signals):
            kinds = set()
            for s in signals:
                if isinstance(s, _Partial):
                    kinds |= s.kinds
                elif s is not None:
                    kinds.add(type(s))
            raise _Partial(kinds)

    def run_paths(self, runners: list) -> bool:
        """branches(), answering True when some paths left the block."""
        try:
            self.branches(runners)
        except _Partial:
            return True
        return False

    def exec_if(self, stmt: cst.If, frame: Frame) -> bool:
        cond = truthiness(self.evaluate(stmt.test, frame))
        orelse = stmt.orelse
        if cond is True:
            self.exec_block(stmt.body, frame)
            return False
        if cond is False:
            if isinstance(orelse, cst.If):
                return self.exec_if(orelse, frame)
            if isinstance(orelse, cst.Else):
                self.exec_block(orelse.body, frame)
            return False

        def run_else() -> None:
            if isinstance(orelse, cst.If):
                if self.exec_if(orelse, frame):
                    raise _Partial({ReturnSignal})
            elif isinstance(orelse, cst.Else):
                self.exec_block(orelse.body, frame)

        return self.run_paths([lambda: self.exec_block(stmt.body, frame), _catch_partial(run_else)])

    # ---------------------------------------------------------------- loops

    def exec_for(self, stmt: cst.For, frame: Frame) -> bool:
        iterable = self.evaluate(stmt.iter, frame)
        items = self.iterate(iterable)
        if items is not None and len(items) <= MAX_UNROLL:
            return self._unrolled(stmt, items, frame)

        def one_pass() -> None:
            self.assign(stmt.target, Plain() if isinstance(iterable, Plain) else Unknown(), frame)
            self._loop_body(stmt.body, frame)

        self._unknown_loop(one_pass, stmt)
        if stmt.orelse is not None:
            self.exec_block(stmt.orelse.body, frame)
        return False

    def _unrolled(self, stmt: cst.For, items: list, frame: Frame) -> bool:
        uncertain = False
        for item in items:
            def one(item=item) -> None:
                self.assign(stmt.target, item, frame)
                self._loop_body(stmt.body, frame)

            if uncertain:
                def maybe(one=one) -> None:
                    try:
                        one()
                    except _LoopPartial:  # some paths broke out: later passes are maybe-runs already
                        pass

                self.run_paths([maybe, lambda: None])
                continue
            try:
                one()
            except BreakSignal:
                return False
            except _LoopPartial:
                uncertain = True  # a break may have happened: later passes may not run
        if stmt.orelse is not None:
            if uncertain:
                self.run_paths([lambda: self.exec_block(stmt.orelse.body, frame), lambda: None])
            else:
                self.exec_block(stmt.orelse.body, frame)
        return False

    def _loop_body(self, body: Any, frame: Frame) -> None:
        """One pass; break/continue inside partial paths become _LoopPartial."""
        try:
            self.exec_block(body, frame)
        except ContinueSignal:
            return
        except _Partial as partial:
            kinds = partial.kinds
            if kinds <= {ContinueSignal}:
                return
            if ReturnSignal in kinds:
                raise
            raise _LoopPartial()

    def _unknown_loop(self, one_pass, loop: Any) -> None:
        """A loop that runs zero or more times.

        Its passes are joined: none, one, and -- when the first pass created
        a variable, so that a second pass may collide with it -- two, the
        second run from the exact state the first left (its certain errors
        are reported: a loop over an iterable of unknown length is meant to
        run more than once). Otherwise a second pass runs from the join of
        none and one, its events uncertain, for the state loops carry.
        """
        def guarded() -> None:
            try:
                one_pass()
            except (BreakSignal, _LoopPartial):
                pass

        start = len(self.events)
        runners: list = []

        def first() -> None:
            guarded()
            if not self.silent and not self.second_pass and self._created_since(start):
                runners.append(twice)  # branches() runs runners appended meanwhile

        def twice() -> None:
            self.replay += 1  # the first pass again: its names are recorded already
            try:
                one_pass()
            except (BreakSignal, _LoopPartial):
                return  # it may have left the loop: a second pass is not certain
            finally:
                self.replay -= 1
            self.second_pass += 1
            self.loop_nodes.append((loop, len(self.call_stack)))
            try:
                guarded()
            finally:
                self.loop_nodes.pop()
                self.second_pass -= 1

        runners.extend([first, lambda: None])
        self.unknown_loops += 1
        try:
            self.run_paths(runners)
            if len(runners) == 2:
                self.silent += 1
                try:
                    self.run_paths([guarded, lambda: None])
                finally:
                    self.silent -= 1
        finally:
            self.unknown_loops -= 1

    def _created_since(self, start: int) -> bool:
        return any(ev.outcome == "create" and ev.kind == "get_variable" and ev.certain for ev in self.events[start:])

    def exec_while(self, stmt: cst.While, frame: Frame) -> bool:
        cond = truthiness(self.evaluate(stmt.test, frame))
        if cond is False:
            if stmt.orelse is not None:
                self.exec_block(stmt.orelse.body, frame)
            return False

        def one_pass() -> None:
            self._loop_body(stmt.body, frame)
            self.evaluate(stmt.test, frame)

        self._unknown_loop(one_pass, stmt)
        return False

    # ---------------------------------------------------------------- with / try

    def exec_with(self, stmt: cst.With, frame: Frame) -> bool:
        exits = []
        try:
            for item in stmt.items:
                value = self.evaluate(item.item, frame)
                bound, exit_fn = self.enter_context(value, item.item)
                exits.append(exit_fn)
                if item.asname is not None:
                    self.assign(item.asname.name, bound, frame)
            self.exec_block(stmt.body, frame)
        finally:
            for exit_fn in reversed(exits):
                exit_fn()
        return False

    def enter_context(self, value: Any, node: Any):
        if isinstance(value, VarScopeCM):
            return tfapi.enter_variable_scope(self, value, node)
        if isinstance(value, NameScopeCM):
            return tfapi.enter_name_scope(self, value)
        if isinstance(value, GraphCM):
            self.push_graph(value.graph)
            return value.graph, self.pop_graph
        if isinstance(value, NullCM):
            return value.value, _noop
        if isinstance(value, Plain):  # open(...), a lock, a timer
            return Plain(), _noop
        if isinstance(value, LibraryCM):
            return value.enter(self, node)
        if isinstance(value, tfapi.TemplateCall):
            return Unknown(), _noop
        if isinstance(value, Instance):
            enter = value.cls.lookup("__enter__")
            if isinstance(enter, FuncVal):
                result = self.call_function(enter, [value], {}, node)
                exit_fn = value.cls.lookup("__exit__")
                if isinstance(exit_fn, FuncVal):
                    return result, lambda: self.call_function(exit_fn, [value, None, None, None], {}, node)
                return result, _noop
        return Unknown(), _noop

    def exec_try(self, stmt: Any, frame: Frame) -> bool:
        catches = any(_catches_tf_errors(h) for h in stmt.handlers)
        partial = False
        try:
            if stmt.handlers:
                # An exception may leave the body at any point: the handlers
                # start from the join of "nothing ran" and "everything ran".
                self.try_depth += catches
                try:
                    partial = self.run_paths([lambda: self.exec_block(stmt.body, frame), lambda: None])
                finally:
                    self.try_depth -= catches
                runners = [lambda: None]
                for handler in stmt.handlers:
                    def run(handler=handler) -> None:
                        if handler.name is not None:
                            self.assign(handler.name.name, Unknown(), frame)
                        self.exec_block(handler.body, frame)

                    runners.append(run)
                if stmt.orelse is not None:
                    runners.append(lambda: self.exec_block(stmt.orelse.body, frame))
                partial = self.run_paths(runners) or partial
            else:
                self.exec_block(stmt.body, frame)
        finally:
            if stmt.finalbody is not None:
                self.exec_block(stmt.finalbody.body, frame)
        return partial

    # ---------------------------------------------------------------- imports

    def exec_import(self, stmt: cst.Import, frame: Frame) -> None:
        for alias in stmt.names:
            dotted = _dotted(alias.name)
            top = dotted.split(".")[0]
            loaded = self.load_project_module(dotted)
            if loaded is not None and self.imports is not None:
                if alias.asname is not None:
                    self.assign(alias.asname.name, loaded, frame)
                else:
                    top_module = self.imports.modules.get(top)
                    # `import tf_slim.nets.vgg` with only tf_slim.nets followed: tf_slim stays modelled
                    self.assign_name(top, top_module if top_module is not None else _module_value(top), frame)
                continue
            if alias.asname is not None:
                self.assign(alias.asname.name, _module_value(dotted), frame)
            else:
                self.assign_name(top, _module_value(top), frame)

    def exec_import_from(self, stmt: cst.ImportFrom, frame: Frame) -> None:
        module_name = _dotted(stmt.module) if stmt.module is not None else None
        level = len(stmt.relative)
        base = module_name
        if level:
            base = self.project_name_of_relative(frame, level, module_name)
        project = self.load_project_module(base) if base else None
        if isinstance(stmt.names, cst.ImportStar):
            if project is not None:
                for name, value in _public_names(project):
                    self.assign_name(name, value, frame)
            return
        for alias in stmt.names:
            name = _dotted(alias.name)
            target = alias.asname.name.value if alias.asname is not None else name.split(".")[0]
            if project is not None:
                value = project.env.get(name, MISSING)
                if value is MISSING:
                    sub = self.load_project_module(f"{base}.{name}")
                    value = sub if sub is not None else Unknown()
            elif level:
                value = ModuleRef(f".{name}")
            else:
                value = _module_value(f"{module_name}.{name}")
            self.assign_name(target, value, frame)

    # ---------------------------------------------------------------- project modules

    def load_project_module(self, name: Optional[str]) -> Optional[ProjectModule]:
        """The project module `name`, run at its first import; None when it
        is not one (TF, numpy, a file scopelint cannot read)."""
        if self.imports is None or not name:
            return None
        if name.split(".")[0] in ("tensorflow", "tf_slim") and not self.imports.followed(name):
            return None  # modelled, not read
        return self.imports.load(self, name, self._module_frame_for)

    def _module_frame_for(self, module: ProjectModule) -> Frame:
        frame = Frame(None)
        frame.module = module
        frame.env["__name__"] = module.name
        return frame

    def project_name_of_relative(self, frame: Frame, level: int, module_name: Optional[str]) -> Optional[str]:
        owner = frame.globals_frame.module
        if owner is not None:
            return self.imports.absolute(owner.name, owner.spec.is_package, level, module_name) if self.imports else None
        if self.imports is None:
            return None
        entry = self.imports.entry_name
        return self.imports.absolute(entry, False, level, module_name)

    def run_imported_module(self, module: ProjectModule) -> None:
        """A project module's top-level code, at its first import. A certain
        TF error there ends the importing program too (RaiseSignal)."""
        try:
            self.exec_block(module.source.tree.body, module.frame)
        except RaiseSignal:
            raise
        except _Signal:
            pass

    # ---------------------------------------------------------------- definitions

    def define_function(self, node: cst.FunctionDef, frame: Frame) -> None:
        defaults = self.eval_defaults(node.params, frame)
        kind = "function"
        value: Any = None
        for dec in node.decorators:
            d = dec.decorator
            dname = d.value if isinstance(d, cst.Name) else (d.attr.value if isinstance(d, cst.Attribute) else None)
            if dname in ("staticmethod", "classmethod", "property"):
                kind = dname
            elif dname in ("setter", "getter", "deleter"):
                value = _NO_VALUE
            elif dname in ("wraps", "abstractmethod", "add_arg_scope", "function", "defun", "jit", "cache", "lru_cache"):
                pass
            else:
                dv = self.evaluate(d.func if isinstance(d, cst.Call) else d, frame)
                if isinstance(dv, TFRef) and tfapi.canonical(dv.qual) in ("make_template",):
                    pass
                value = Unknown()  # an unknown decorator: treated as escaping
        if value is _NO_VALUE:
            return
        if value is None:
            value = FuncVal(node, frame, defaults, node.name.value, kind)
        self.assign_name(node.name.value, value, frame)

    def define_class(self, node: cst.ClassDef, frame: Frame) -> None:
        bases = [self.evaluate(arg.value, frame) for arg in node.bases]
        cls_frame = Frame(frame, is_class=True)
        try:
            self.exec_block(node.body, cls_frame)
        except _Signal:
            pass
        cls = ClassVal(node.name.value, [b for b in bases if not (isinstance(b, ModuleRef) and b.qual == "builtins.object")], cls_frame.env, node)
        for v in cls_frame.env.data.values():
            if isinstance(v, FuncVal):
                v.owner = cls
        self.assign_name(node.name.value, cls, frame)

    # ---------------------------------------------------------------- calls

    def call_function(self, func: FuncVal, args: list, kwargs: dict, site: Any, *, unknown_args: bool = False) -> Any:
        node = func.node
        if self.alone and func.closure.globals_frame.module is not None:
            # A function analysed alone knows neither the graph nor its
            # arguments: following it into other modules finds nothing
            # certain that linting those modules does not find there.
            return self.unknown_call(args, kwargs)
        if node in self.active_funcs or len(self.active_funcs) >= MAX_DEPTH:
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
            except _Partial:
                return Unknown()
            except (BreakSignal, ContinueSignal):
                return Unknown()
            return None
        finally:
            self.call_stack.pop()
            self.func_stack.pop()
            self.active_funcs.pop()

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
        return self.builtin(name)

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
            items = self.iterate(value)
            elements = target.elements
            if items is not None and len(items) == len(elements) and not any(isinstance(e, cst.StarredElement) for e in elements):
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
                self.stable_values[(id(obj), target.attr.value)] = value
        elif isinstance(target, cst.Subscript):
            self.assign_subscript(target, value, frame)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, Unknown(), frame)


class _Partial(_Signal):
    """Some paths of a block left it (return/break/continue), others did not."""

    kind = "partial"

    def __init__(self, kinds: set = frozenset()):
        super().__init__()
        self.kinds = set(kinds)


class _LoopPartial(Exception):
    pass


def _catch_partial(fn):
    def run() -> None:
        fn()

    return run


def _noop() -> None:
    return None


def _dotted(node: Any) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return "?"


def _module_value(dotted: str) -> Any:
    if dotted == "tensorflow" or dotted.startswith("tensorflow.") or dotted == "tf_slim" or dotted.startswith("tf_slim."):
        return TFRef(dotted)
    return ModuleRef(dotted)


def _public_names(module: ProjectModule) -> list:
    """What `from module import *` binds: `__all__` when it is a known list
    of names, else every name not starting with `_`."""
    env = module.env
    names = env.get("__all__")
    items = names.items if isinstance(names, ListVal) else names if isinstance(names, tuple) else None
    if items is not None and all(isinstance(n, str) for n in items):
        return [(n, env.get(n, Unknown())) for n in items]
    return [(k, v) for k, v in env.items() if isinstance(k, str) and not k.startswith("_")]


def _catches_tf_errors(handler: Any) -> bool:
    """Does this except clause catch the ValueError/TypeError TF raises?"""
    if handler.type is None:
        return True
    names = []
    t = handler.type
    elems = t.elements if isinstance(t, cst.Tuple) else [t]
    for el in elems:
        v = el.value if isinstance(el, cst.Element) else el
        names.append(v.attr.value if isinstance(v, cst.Attribute) else (v.value if isinstance(v, cst.Name) else "?"))
    harmless = {"KeyError", "IndexError", "ImportError", "ModuleNotFoundError", "AttributeError", "OSError", "IOError", "FileNotFoundError", "StopIteration", "KeyboardInterrupt", "ZeroDivisionError", "NotImplementedError", "NameError"}
    return any(n not in harmless for n in names)


def _bound_names(node: Any) -> list:
    names: list = []

    class V(cst.CSTVisitor):
        def visit_Name(self, n: cst.Name) -> None:
            names.append(n.value)

    node.visit(V())
    return names


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
