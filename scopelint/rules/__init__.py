"""The rule registry: one module per rule, each exporting RULE."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Iterable, Optional

from scopelint.results import Finding, Related
from scopelint.rules.base import Example, Rule

__all__ = ["ALL_RULES", "Example", "Rule", "get_rule", "run_rules", "default_codes"]


def _discover() -> tuple:
    rules = []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("sco"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rules.append(module.RULE)
    return tuple(sorted(rules, key=lambda r: r.code))


ALL_RULES: tuple = _discover()
_BY_KEY = {**{r.code.upper(): r for r in ALL_RULES}, **{r.name: r for r in ALL_RULES}}


def get_rule(code_or_name: str) -> Optional[Rule]:
    """Look a rule up by code (`SCO101`, any case) or name (`duplicate-variable`)."""
    return _BY_KEY.get(code_or_name) or _BY_KEY.get(code_or_name.upper())


def default_codes() -> set:
    return {r.code for r in ALL_RULES if not r.opt_in}


def run_rules(analysis, path: str, *, own_file_only: bool = False) -> Iterable[Finding]:
    """Every rule reads the same analysis; positions are resolved only here.

    A finding may lie in another file of the project the program imported.
    With `own_file_only` (a front end that can show findings in the linted
    file only: flake8, an editor) it is moved to the call in this file
    whose chain reaches it, and its message says where it is.

    A check yields (node, message) or (node, message, notes), `notes` being
    (node, label) pairs: the other places the finding involves (where a
    variable was first created, the scope whose reuse decides it). They
    become `Finding.related` when they lie in the finding's file."""
    seen = set()
    out = []
    for rule in ALL_RULES:
        if rule.check is None:
            continue
        for node, message, *rest in rule.check(analysis):
            if own_file_only and analysis.file_of(node) is not None:
                outer = _call_here_reaching(analysis, node)
                if outer is None:
                    continue
                message = f"In {analysis.place(node)}, reached from here: {message}"
                node = outer
            line, column = analysis.position(node)
            where = analysis.display_path(node, path)
            key = (where, line, column, rule.code)
            if key in seen:  # a function body run twice reports once
                continue
            seen.add(key)
            related = _related(analysis, path, where, line, rest[0] if rest else ())
            out.append(Finding(where, line, column, rule.code, rule.name, message, related))
    return out


def _related(analysis, path: str, where: str, line: int, notes) -> tuple:
    """Related locations: the notes in the finding's own file, other than its
    line, each place once (the first label wins)."""
    related = []
    lines = {line}
    for node, label in notes:
        if node is None or analysis.display_path(node, path) != where:
            continue
        at, column = analysis.position(node)
        if at not in lines:
            lines.add(at)
            related.append(Related(at, column, label))
    return tuple(related)


def _call_here_reaching(analysis, node):
    """The innermost call in the analysed file on a chain that reaches `node`."""
    for ev in analysis.events:
        if any(n is node for n in ev.stack):
            here = [n for n in ev.stack[: [id(n) for n in ev.stack].index(id(node))] if analysis.file_of(n) is None]
            if here:
                return here[-1]
    return None
