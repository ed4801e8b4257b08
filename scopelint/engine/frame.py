"""Frames of the analysed program, the signals that end statements
abruptly, and the limits on how much work one module may cost."""

from __future__ import annotations

from typing import Any, Optional

from scopelint.engine.values import JDict

MAX_STEPS = 200_000  # statements + calls per module before we stop following
MAX_DEPTH = 24  # nested user-function calls
MAX_UNROLL = 64  # loop iterations followed one by one
# Blocks continued after a statement some paths left (`if c: return`): each
# continuation nests a branch in the one before, so the work grows with the
# square of their number. Past this many at once, the rest is unknown.
MAX_REST_NESTING = 200


class BudgetExceeded(Exception):
    pass


class Signal(Exception):
    """Abrupt completion of a statement (return/break/continue/raise)."""

    kind = ""

    def __init__(self, value: Any = None):
        super().__init__()
        self.value = value


class ReturnSignal(Signal):
    kind = "return"


class BreakSignal(Signal):
    kind = "break"


class ContinueSignal(Signal):
    kind = "continue"


class RaiseSignal(Signal):
    kind = "raise"


class PartialSignal(Signal):
    """Some paths of a block left it (return/break/continue), others did not."""

    kind = "partial"

    def __init__(self, kinds: "set | frozenset" = frozenset()):
        super().__init__()
        self.kinds = set(kinds)


class LoopPartial(Exception):
    """Some paths of a loop body broke out of the loop."""


class Frame:
    """Local names of one function activation (or the module, or a class body)."""

    __slots__ = ("env", "parent", "globals_frame", "declared_global", "declared_nonlocal", "func", "is_class", "module")

    def __init__(self, parent: Optional[Frame], func: Any = None, is_class: bool = False):
        self.env = JDict()
        # The project module whose globals these are (None: the entry script).
        self.module: Any = parent.module if parent else None
        self.parent = parent
        self.globals_frame: Frame = parent.globals_frame if parent else self
        self.declared_global: set = set()
        self.declared_nonlocal: set = set()
        self.func = func
        self.is_class = is_class
