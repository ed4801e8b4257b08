"""Where a finding is reported and how messages name the lines involved."""

from __future__ import annotations

from typing import Any


def lines_of(analysis: Any, stack: tuple) -> list:
    return [analysis.line(n) for n in stack]


def via(analysis: Any, stack: tuple) -> str:
    """' (line 4, reached from line 8)' for a call inside a function."""
    if any(analysis.file_of(n) is not None for n in stack):
        places = [analysis.place(n) for n in stack]
        return places[0] if len(places) == 1 else f"{places[-1]} (call chain {' -> '.join(places)})"
    lines = lines_of(analysis, stack)
    if len(lines) == 1:
        return f"line {lines[0]}"
    chain = " -> ".join(str(n) for n in lines)
    return f"line {lines[-1]} (call chain {chain})"


def divergence(stack: tuple, earlier: tuple) -> Any:
    """The call site where this path first differs from an earlier one: for a
    builder called twice that is the second call, where the fix belongs."""
    for mine, theirs in zip(stack, earlier):
        if mine is not theirs:
            return mine
    return stack[-1]


def certain(ev: Any) -> bool:
    """Only events on a path we followed exactly, outside a catching try."""
    return ev.certain and not ev.caught


def site(analysis: Any, ev: Any) -> Any:
    """Where to report an event: if the same call already ran through
    another call chain (a builder called twice), where the chains part;
    otherwise the raising line itself."""
    for other in analysis.events:
        if other is ev:
            break
        if other.node is ev.node and other.stack != ev.stack:
            return divergence(ev.stack, other.stack)
    return ev.stack[-1]


def created_here(ev: Any) -> tuple:
    """The related note for where an existing variable was first created."""
    return ((ev.stack[-1], "created here"),) if ev is not None else ()


def first_divergence(stack: tuple, later: tuple) -> Any:
    """The call in an earlier chain where a later one parts from it (the
    builder's first call), or None when one chain contains the other."""
    for mine, theirs in zip(stack, later):
        if mine is not theirs:
            return mine
    return None
