"""libcst's parser, called the way scopelint needs it.

`parse_module` is `libcst.parse_module` without the per-node validation
libcst runs on every node the native parser builds (`CSTNode.__post_init__`
calls `_validate()`): the parser only builds valid trees, and libcst's own
comment there notes the check could be skipped when parsing. It costs about
a quarter of a parse (docs/performance.md). Validation is switched off only
while the parser runs, and only if `__post_init__` is still the plain
`self._validate()` call this was written against; otherwise libcst parses
as usual.
"""

from __future__ import annotations

import threading
from typing import Any

import libcst as cst
from libcst._nodes.base import CSTNode

_lock = threading.Lock()
_validating_post_init = CSTNode.__dict__.get("__post_init__")
# Skipping is safe only while __post_init__ does nothing but validate.
_CAN_SKIP = _validating_post_init is not None and _validating_post_init.__code__.co_names == ("_validate",)


def _no_validation(self: Any) -> None:
    return None


def parse_module(text: str) -> cst.Module:
    """Parse a module's text (raises libcst's ParserSyntaxError)."""
    if not _CAN_SKIP:
        return cst.parse_module(text)
    # One parse at a time switches validation off (nodes other threads build
    # meanwhile are not validated either: scopelint builds none).
    with _lock:
        CSTNode.__post_init__ = _no_validation  # type: ignore[method-assign]
        try:
            return cst.parse_module(text)
        finally:
            CSTNode.__post_init__ = _validating_post_init  # type: ignore[method-assign,assignment]
