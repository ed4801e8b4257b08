"""Positions (line, column) of libcst nodes, computed only where needed.

libcst's PositionProvider generates the code of the whole module while
recording a range for every node: about as costly as a second parse, and
as much memory again as the tree. A finding needs the position of a few
nodes. Here, only the top-level statement that holds a node is generated
(with the same syntactic positions as PositionProvider); its first line
comes from CPython's AST of the same text (an eighth of a libcst parse,
paid only by modules that report something).

The statement that holds a node is found by walking top-level statements in
order, once (iteratively: no recursion limit), recording each node's owner.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import Any, Dict, List, Optional, Sequence, Tuple

import libcst as cst
from libcst.metadata.position_provider import PositionProvidingCodegenState

_FIELDS: Dict[type, Tuple[str, ...]] = {}


def _fields(cls: type) -> Tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def statement_lines(tree: ast.Module) -> List[int]:
    """The line of each top-level AST statement (its `def`/`class` line for
    decorated ones, as libcst places them)."""
    return [node.lineno for node in tree.body]


class _Provider:
    """What PositionProvidingCodegenState writes into."""

    def __init__(self) -> None:
        self._computed: dict = {}


class Positions:
    def __init__(self, module: cst.Module, lines: Optional[Sequence[int]] = None, text: Optional[str] = None):
        """`lines`: the line of each top-level AST statement; else from
        `text` (the module's source) or from the module's own code."""
        self.module = module
        self._statements = list(module.body)
        if lines is None:
            lines = statement_lines(ast.parse(module.code if text is None else text))
        # Index of each libcst statement's first AST statement (a line of
        # `a; b` is one libcst statement and two AST statements).
        self._first_lines: List[int] = []
        j = 0
        for stmt in self._statements:
            self._first_lines.append(lines[j] if j < len(lines) else 0)
            j += len(stmt.body) if isinstance(stmt, cst.SimpleStatementLine) else 1
        if j != len(lines):
            raise ValueError("the AST and the libcst tree disagree on the top-level statements")
        self._owner: Dict[int, int] = {}  # id(node) -> index of its top-level statement
        self._walked = 0  # statements walked so far
        self._ranges: Dict[int, Tuple[int, dict]] = {}  # statement index -> (line offset, computed)
        self._whole: Optional[Any] = None

    def _find_owner(self, node: Any) -> Optional[int]:
        key = id(node)
        owner = self._owner.get(key)
        while owner is None and self._walked < len(self._statements):
            index = self._walked
            self._walked += 1
            stack: list = [self._statements[index]]
            while stack:
                n = stack.pop()
                self._owner[id(n)] = index
                for name in _fields(type(n)):
                    value = getattr(n, name)
                    if isinstance(value, cst.CSTNode):
                        stack.append(value)
                    elif isinstance(value, (tuple, list)):
                        stack.extend(v for v in value if isinstance(v, cst.CSTNode))
            owner = self._owner.get(key)
        return owner

    def _statement(self, index: int) -> Tuple[int, dict]:
        done = self._ranges.get(index)
        if done is not None:
            return done
        stmt = self._statements[index]
        provider = _Provider()
        state = PositionProvidingCodegenState(
            default_indent=self.module.default_indent,
            default_newline=self.module.default_newline,
            provider=provider,  # type: ignore[arg-type]  # duck-typed: only `_computed` is written
        )
        stmt._codegen(state)
        anchor = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) else stmt
        offset = self._first_lines[index] - provider._computed[anchor].start.line
        done = self._ranges[index] = (offset, provider._computed)
        return done

    def owns(self, node: Any) -> bool:
        """Is `node` inside one of this module's statements?"""
        return node is self.module or self._find_owner(node) is not None

    def start(self, node: Any) -> Optional[Tuple[int, int]]:
        """1-based line and column of `node`'s start, or None if it is not
        in the module."""
        if node is self.module:
            return 1, 1
        index = self._find_owner(node)
        if index is not None:
            offset, computed = self._statement(index)
            rng = computed.get(node)
            if rng is not None:
                return rng.start.line + offset, rng.start.column + 1
        # Not in a statement (the module's header or footer comments):
        # libcst's own provider, once.
        if self._whole is None:
            from libcst.metadata import MetadataWrapper, PositionProvider

            self._whole = MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)
        rng = self._whole.get(node)
        return None if rng is None else (rng.start.line, rng.start.column + 1)


# Positions per parsed tree, for the process: the trees of project modules
# are shared by every program that reads them, and so are their walks.
MAX_KEPT = 2_000
_KEPT: Dict[int, Tuple[Any, "Positions"]] = {}


def has_positions(module: cst.Module) -> bool:
    hit = _KEPT.get(id(module))
    return hit is not None and hit[0] is module


def positions_of(module: cst.Module, text: Optional[str] = None) -> "Positions":
    """The Positions of `module` (`text`: its source, if at hand)."""
    hit = _KEPT.get(id(module))
    if hit is not None and hit[0] is module:
        return hit[1]
    if len(_KEPT) >= MAX_KEPT:
        _KEPT.clear()
    positions = Positions(module, text=text)
    _KEPT[id(module)] = (module, positions)  # the module is kept alive: its id stays its own
    return positions


__all__ = ["Positions", "has_positions", "positions_of", "statement_lines"]
