"""The rule registry: one module per rule, each exporting RULE."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Iterable, Optional

from scopelint.results import Finding
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


def run_rules(analysis, path: str) -> Iterable[Finding]:
    """Every rule reads the same analysis; positions are resolved only here."""
    seen = set()
    out = []
    for rule in ALL_RULES:
        if rule.check is None:
            continue
        for node, message in rule.check(analysis):
            line, column = analysis.position(node)
            where = analysis.display_path(node, path)
            key = (where, line, column, rule.code)
            if key in seen:  # a function body run twice reports once
                continue
            seen.add(key)
            out.append(Finding(where, line, column, rule.code, rule.name, message))
    return out
