"""SCO204's fix: `tf.reset_default_graph()` at the top of a cell that cannot be re-run.

The reset makes every re-run start from an empty graph, and it discards what
earlier cells built there. So it is proposed only when nothing can reach
those objects any more: every global name this cell or a later one reads
held, as the cell started, a plain value (a module, a TF API, a number,
text, a numpy value, containers of these), never a tensor, variable, op,
graph, session, layer, function or instance the analysis cannot see into.
A notebook that opens an `InteractiveSession` (it stays bound to the old
graph, which the analysis does not follow), imports `*`, runs code the analysis
cannot see (`%run`) or looks graph elements up by name gets no fix.
"""

from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from scopelint.engine.dispatch import canonical
from scopelint.engine.objects import Builtin, DictVal, ListVal, ModuleRef, TFRef
from scopelint.engine.shapes import ValueTensor
from scopelint.engine.values import Plain, SymStr
from scopelint.notebooks import UNKNOWN_NAME
from scopelint.rules._fixes import UNSAFE, Proposal

NOTE = "re-running this cell discards everything earlier cells built in the default graph"
# Reading these can reach any global (or what the analysis cannot see).
_OPAQUE_NAMES = frozenset({UNKNOWN_NAME, "globals", "locals", "vars", "exec", "eval", "__import__", "get_ipython"})
# Graph elements looked up by name: after the reset an earlier cell's are gone (KeyError).
_BY_NAME = frozenset({"get_tensor_by_name", "get_operation_by_name", "as_graph_element", "get_collection_ref"})


def _plain(value: Any, depth: int = 0) -> bool:
    """A value no TF graph owns (and that cannot run code that reaches one)."""
    if depth > 8:
        return False
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes, SymStr, Plain, TFRef, Builtin)):
        return True
    if isinstance(value, ModuleRef):
        return value.pure
    if isinstance(value, ValueTensor):
        return value.kind == "ndarray"  # a numpy array (not a TF tensor)
    if isinstance(value, tuple):
        return all(_plain(v, depth + 1) for v in value)
    if isinstance(value, ListVal):
        return value.items is not None and all(_plain(v, depth + 1) for v in value.items)
    if isinstance(value, DictVal):
        return all(_plain(k, depth + 1) and _plain(v, depth + 1) for k, v in value.d.items())
    return False


class _Reads(cst.CSTVisitor):
    """Names a piece of code reads (over-approximated: targets count too), and what blocks the fix."""

    def __init__(self) -> None:
        self.names: set = set()
        self.blocked = False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if node.attr.value in _BY_NAME:
            self.blocked = True
        node.value.visit(self)
        return False  # `.attr` is not a global read

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False  # `keyword=` is not a read

    def visit_ImportStar(self, node: cst.ImportStar) -> None:
        self.blocked = True

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)


def _alias(names: set, scope: dict) -> Optional[str]:
    """The name the notebook gives the TF module (`tf`), preferring one this cell reads."""
    aliases = sorted(n for n, v in scope.items() if isinstance(v, TFRef) and canonical(v.qual) == "")
    mine = [n for n in aliases if n in names]
    return (mine or aliases or [None])[0]


def reset_proposal(analysis: Any, index: int, at: Any) -> Optional[Proposal]:
    """The fix for cell `index` (its finding reported at `at`), or None when the reset might break something."""
    start, end = analysis.cells[index]
    scope = analysis.cell_globals.get(index)
    body = analysis.module.body
    if scope is None or start >= end:
        return None
    if any(canonical(q) == "InteractiveSession" for q in analysis.api_calls.values()):
        return None
    reads = _Reads()
    for stmt in body:
        stmt.visit(reads)  # every cell: import * or a by-name lookup anywhere
        if reads.blocked:
            return None
    reads = _Reads()
    for stmt in body[start:]:
        stmt.visit(reads)
    if reads.names & _OPAQUE_NAMES:
        return None
    if any(name in scope and not _plain(scope[name]) for name in reads.names):
        return None
    cell_reads = _Reads()
    for stmt in body[start:end]:
        stmt.visit(cell_reads)
    alias = _alias(cell_reads.names, scope)
    if alias is None:
        return None
    first = body[start]
    reset = cst.parse_statement(f"{alias}.reset_default_graph()\n").with_changes(leading_lines=first.leading_lines)
    new = cst.FlattenSentinel([reset, first.with_changes(leading_lines=())])
    return Proposal(at, f"Start the cell with `{alias}.reset_default_graph()`", UNSAFE, NOTE, ((first, new),))
