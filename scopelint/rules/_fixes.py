"""What a rule's automatic fix proposes, and the libcst edits fixes share.

A rule's `fix(analysis)` yields `Proposal`s: the node its finding is
reported at, and node replacements in the analysed module (scopelint.fixing
applies, checks and combines them). Fixes edit only calls whose API the
analysis resolved (`Analysis.api_calls`), never calls recognised by text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import libcst as cst

from scopelint.engine.dispatch import canonical

SAFE, UNSAFE = "safe", "unsafe"


@dataclass(frozen=True)
class Proposal:
    at: Any  # the node the rule's finding is reported at
    title: str
    safety: str  # SAFE: TF makes the same variables and ops, minus the error; UNSAFE: names or sharing change
    note: str  # what changes (for unsafe fixes)
    edits: tuple  # ((old node, new node), ...) in the analysed module
    key: Any = None  # the variable the finding is about: after the fix, TF must raise for it nowhere


def api_of(analysis: Any, call: Any) -> Optional[str]:
    """The canonical TF API a call in the analysed module resolved to (`variable_scope`), or None."""
    qual = analysis.api_calls.get(id(call))
    return canonical(qual) if qual is not None else None


def tf_module_alias(analysis: Any, call: Any) -> Optional[cst.BaseExpression]:
    """For `tf1.variable_scope(...)` whose API resolved through the module
    `tensorflow` or `tensorflow.compat.v1`: the expression naming that
    module (`tf1`), to write `tf1.AUTO_REUSE`; None for any other form."""
    qual = analysis.api_calls.get(id(call))
    if qual is None or not isinstance(call.func, cst.Attribute) or "." not in qual:
        return None
    if canonical(qual.rsplit(".", 1)[0]) != "":
        return None
    return call.func.value.deep_clone()


def keyword(call: cst.Call, name: str) -> Optional[cst.Arg]:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def plain_call(call: cst.Call, max_positional: int) -> bool:
    """No `*args`/`**kwargs` and at most `max_positional` positional arguments:
    the keywords we read or write are all there is."""
    if any(a.star for a in call.args):
        return False
    return sum(1 for a in call.args if a.keyword is None) <= max_positional


def is_literal(expr: Any, *names: str) -> bool:
    """`expr` is the literal True/False/None named."""
    return isinstance(expr, cst.Name) and expr.value in names


def without_keyword(call: cst.Call, name: str) -> cst.Call:
    args = list(call.args)
    idx = next(i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == name)
    removed = args.pop(idx)
    if idx == len(args) and idx > 0:
        # The new last argument takes the removed one's comma (none, or a trailing one).
        args[-1] = args[-1].with_changes(comma=removed.comma)
    return call.with_changes(args=args)


def with_keyword(call: cst.Call, name: str, value: cst.BaseExpression) -> cst.Call:
    """`call` with `name=value` (replacing the value, or added last in the call's layout)."""
    args = list(call.args)
    for i, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == name:
            args[i] = arg.with_changes(value=value)
            return call.with_changes(args=args)
    new = cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )
    if args:
        last = args[-1]
        if isinstance(last.comma, cst.Comma):
            # A trailing comma (often one argument a line): the new argument
            # goes after it, laid out as the space between earlier arguments.
            between = args[-2].comma if len(args) > 1 and isinstance(args[-2].comma, cst.Comma) else None
            new = new.with_changes(comma=last.comma)
            args[-1] = last.with_changes(comma=between or cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        else:
            args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    args.append(new)
    return call.with_changes(args=args)


def auto_reuse(alias: cst.BaseExpression) -> cst.Attribute:
    return cst.Attribute(value=alias, attr=cst.Name("AUTO_REUSE"))


def code_of(node: Any) -> str:
    if isinstance(node, cst.FlattenSentinel):  # statements put in place of one (SCO204's reset)
        return "".join(code_of(n) for n in node.nodes)
    return cst.Module(body=()).code_for_node(node)


def bare_with_item(module: cst.Module, call: Any) -> bool:
    """Is `call` the context manager of a `with` item that binds no name (`with ns(...):`)?"""
    found = []

    class _Find(cst.CSTVisitor):
        def visit_WithItem(self, node: cst.WithItem) -> None:
            if node.item is call:
                found.append(node.asname is None)

    module.visit(_Find())
    return found == [True]
