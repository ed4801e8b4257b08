"""Statements and control flow: blocks, `if`, loops, `with` and `try`.

Branches whose condition is unknown run one after the other from the same
state and are then joined (see values.Journal); loops over known ranges are
unrolled, others run as "zero or more times". Mixed into the Interpreter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, Optional

import libcst as cst

from scopelint.engine import dispatch
from scopelint.engine.events import Kind, Outcome
from scopelint.engine.frame import (
    MAX_REST_NESTING,
    MAX_UNROLL,
    BreakSignal,
    ContinueSignal,
    Frame,
    LoopPartial,
    PartialSignal,
    RaiseSignal,
    ReturnSignal,
    Signal,
)
from scopelint.engine.model import Graph
from scopelint.engine.objects import FuncVal, Instance
from scopelint.engine.pyruntime import iterate, truthiness
from scopelint.engine.values import MISSING, Plain, Unknown, join_values, pop_journal, push_journal


class StatementRunner:
    """exec_block(body, frame) and the statements it runs."""

    if TYPE_CHECKING:  # provided by the Interpreter and ExpressionEvaluator
        rest_nesting: int
        silent: int
        second_pass: int
        replay: int
        unknown_loops: int
        loop_nodes: list
        events: list
        call_stack: list
        try_depth: int

        @property
        def graph(self) -> Graph: ...

        def tick(self) -> None: ...

        def evaluate(self, node: Any, frame: Any) -> Any: ...

        def eval_augassign(self, node: cst.AugAssign, frame: Any) -> Any: ...

        def assign(self, target: Any, value: Any, frame: Frame) -> None: ...

        def assign_name(self, name: str, value: Any, frame: Frame) -> None: ...

        def define_function(self, node: cst.FunctionDef, frame: Frame) -> None: ...

        def define_class(self, node: cst.ClassDef, frame: Frame) -> None: ...

        def exec_import(self, stmt: cst.Import, frame: Frame) -> None: ...

        def exec_import_from(self, stmt: cst.ImportFrom, frame: Frame) -> None: ...

        def call_function(
            self, func: FuncVal, args: list, kwargs: dict, site: Any, *, unknown_args: bool = False
        ) -> Any: ...

    def exec_block(self, body: Any, frame: Frame) -> None:
        """Run statements; raises a Signal when every path left the block."""
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
                    raise PartialSignal({ReturnSignal})
                self.rest_nesting += 1
                try:
                    self.branches([lambda rest=rest: self.exec_block(rest, frame), lambda: None])
                finally:
                    self.rest_nesting -= 1
                return

    def exec_stmt(self, stmt: Any, frame: Frame) -> bool:
        """Returns True when some (not all) paths left through return/break/continue."""
        self.tick()
        kind = type(stmt)
        # libcst's node classes are ABCs (a slow isinstance): the common
        # exact types first.
        if kind is cst.SimpleStatementLine:
            for small in stmt.body:
                handler = _SMALL.get(type(small))
                if handler is not None:
                    handler(self, small, frame)
                else:
                    self.exec_small(small, frame)
            return False
        if kind is cst.If:
            return self.exec_if(stmt, frame)
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

    def _exec_expr(self, small: Any, frame: Frame) -> None:
        self.evaluate(small.value, frame)

    def _exec_assign(self, small: Any, frame: Frame) -> None:
        value = self.evaluate(small.value, frame)
        for target in small.targets:
            self.assign(target.target, value, frame)

    def _exec_return(self, small: Any, frame: Frame) -> None:
        raise ReturnSignal(self.evaluate(small.value, frame) if small.value is not None else None)

    # ---------------------------------------------------------------- branches

    def branches(self, runners: list) -> None:
        """Run each path from the same state, then join their states.

        Findings inside a path stay valid: they say what happens when the path
        is taken. Raises a signal when every path left the block.
        """
        results = []
        for run in runners:
            journal = push_journal()
            signal: Optional[Signal] = None
            try:
                run()
            except Signal as sig:
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
        ended = [s for s in signals if s is not None and not isinstance(s, PartialSignal)]
        if len(ended) == len(signals):
            kinds = {type(sig) for sig in ended}
            if len(kinds) == 1:
                kind = kinds.pop()
                if kind is ReturnSignal:
                    raise ReturnSignal(join_values([s.value for s in ended]))
                raise kind()
            raise PartialSignal(kinds)
        if any(s is not None for s in signals):
            kinds = set()
            for s in signals:
                if isinstance(s, PartialSignal):
                    kinds |= s.kinds
                elif s is not None:
                    kinds.add(type(s))
            raise PartialSignal(kinds)

    def run_paths(self, runners: list) -> bool:
        """branches(), answering True when some paths left the block."""
        try:
            self.branches(runners)
        except PartialSignal:
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
                    raise PartialSignal({ReturnSignal})
            elif isinstance(orelse, cst.Else):
                self.exec_block(orelse.body, frame)

        return self.run_paths([lambda: self.exec_block(stmt.body, frame), run_else])

    # ---------------------------------------------------------------- loops

    def exec_for(self, stmt: cst.For, frame: Frame) -> bool:
        iterable = self.evaluate(stmt.iter, frame)
        items = iterate(iterable)
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
                    except LoopPartial:  # some paths broke out: later passes are maybe-runs already
                        pass

                self.run_paths([maybe, lambda: None])
                continue
            try:
                one()
            except BreakSignal:
                return False
            except LoopPartial:
                uncertain = True  # a break may have happened: later passes may not run
        if stmt.orelse is not None:
            if uncertain:
                self.run_paths([lambda: self.exec_block(stmt.orelse.body, frame), lambda: None])
            else:
                self.exec_block(stmt.orelse.body, frame)
        return False

    def _loop_body(self, body: Any, frame: Frame) -> None:
        """One pass; break/continue inside partial paths become LoopPartial."""
        try:
            self.exec_block(body, frame)
        except ContinueSignal:
            return
        except PartialSignal as partial:
            kinds = partial.kinds
            if kinds <= {ContinueSignal}:
                return
            if ReturnSignal in kinds:
                raise
            raise LoopPartial() from None

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
            except (BreakSignal, LoopPartial):
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
            except (BreakSignal, LoopPartial):
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
        return any(
            ev.outcome is Outcome.CREATE and ev.kind is Kind.GET_VARIABLE and ev.certain for ev in self.events[start:]
        )

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

    def enter_context(self, value: Any, node: Any) -> tuple:
        """`with value:`: (the `as` value, the exit function)."""
        entered = dispatch.enter(self, value, node)  # type: ignore[arg-type]
        if entered is not None:
            return entered
        if isinstance(value, Plain):  # open(...), a lock, a timer
            return Plain(), _noop
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


def _noop() -> None:
    return None


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
    harmless = {
        "KeyError",
        "IndexError",
        "ImportError",
        "ModuleNotFoundError",
        "AttributeError",
        "OSError",
        "IOError",
        "FileNotFoundError",
        "StopIteration",
        "KeyboardInterrupt",
        "ZeroDivisionError",
        "NotImplementedError",
        "NameError",
    }
    return any(n not in harmless for n in names)


def _bound_names(node: Any) -> list:
    names: list = []

    class V(cst.CSTVisitor):
        def visit_Name(self, n: cst.Name) -> None:
            names.append(n.value)

    node.visit(V())
    return names


# The most common small statements by exact type (others: exec_small).
_SMALL: Dict[type, Callable[..., None]] = {
    cst.Expr: StatementRunner._exec_expr,
    cst.Assign: StatementRunner._exec_assign,
    cst.Return: StatementRunner._exec_return,
}
