"""Shared check for SCO105-SCO111 and SCO114: errors TF raises on the spot.

Each message is TF's own, then the offending value as written and the
values TF accepts (the rule's `hint`)."""

from typing import Any, Callable, Optional

import libcst as cst

from scopelint.engine.events import ArgumentError, Outcome
from scopelint.rules._report import certain

_PRINTER = cst.Module(body=[])


def argument(node: Any, keyword: str, position: Optional[int] = None) -> Optional[str]:
    """The source text of a call's argument (by keyword, or position), or None."""
    for i, arg in enumerate(getattr(node, "args", ())):
        named = arg.keyword is not None and arg.keyword.value == keyword
        if named or (position is not None and arg.keyword is None and not arg.star and i == position):
            return " ".join(_PRINTER.code_for_node(arg.value).split())
    return None


def checker(error: ArgumentError, hint: Optional[Callable[[Any], str]] = None, also: tuple = ()):
    errors = (error,) + also

    def check(analysis):
        for ev in analysis.events:
            if ev.outcome is Outcome.ERROR and ev.error in errors and certain(ev):
                extra = hint(ev) if hint is not None else ""
                message = ev.message.rstrip()
                if extra:
                    message = f"{message}{'' if message.endswith(('.', '$')) else '.'} {extra}"
                yield ev.stack[-1], message

    return check
