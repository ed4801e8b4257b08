"""The words through which a module can reach an API that reports.

Every finding and every predicted name comes from an event, and every
event from a handler of a TensorFlow API that is not a value-only one
(`Api.value_only` in dispatch.REGISTRY: tensors, initializers, graphs,
scope objects), or from
an object such a handler made. A handler is reached only through an
identifier the source spells: the last part of the API's name (`dense` of
`tf.layers.dense`, `variable_scope` of `vs.variable_scope` or of
`from tensorflow.python.ops.variable_scope import variable_scope`), or an
alias that `dispatch.canonical` renames (`VariableV1`). A module whose text
holds none of these words cannot report: `may_report` says so cheaply,
before libcst parses it (the prefilter's second stage; tests/test_prefilter.py
checks that it changes no result).
"""

from __future__ import annotations

import re
from typing import Optional, Pattern

from scopelint.engine import library  # noqa: F401  (registers the TF model into dispatch.REGISTRY)
from scopelint.engine.dispatch import ALIASES, REGISTRY

# Optimizers the library models do not name are still optimizers.
_SUFFIXES = ("Optimizer",)

_pattern: Optional[Pattern[str]] = None


def reporting_words() -> frozenset:
    """The last name part of every API that can report, and of its aliases."""
    reporting = {name for name, api in REGISTRY.apis.items() if not api.value_only}
    words = {name.rsplit(".", 1)[-1] for name in reporting}
    words |= {alias.rsplit(".", 1)[-1] for alias, target in ALIASES.items() if target in reporting}
    return frozenset(w for w in words if w)


def _compiled() -> Pattern[str]:
    global _pattern
    if _pattern is None:
        words = sorted(reporting_words(), key=len, reverse=True)
        suffixes = "|".join(rf"\w*{re.escape(s)}" for s in _SUFFIXES)
        _pattern = re.compile(r"\b(?:%s|%s)\b" % ("|".join(map(re.escape, words)), suffixes))
    return _pattern


def may_report(text: str) -> bool:
    """False only when no API that reports can be reached from `text`."""
    return _compiled().search(text) is not None


__all__ = ["may_report", "reporting_words"]
