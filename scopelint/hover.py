"""Hover text: the variables TensorFlow will create or reuse on a line (the
`--names` predictions, `scopelint.results.NameRecord`), with their shape and
dtype where the analysis knows them fully, as Markdown."""

from __future__ import annotations

from typing import Iterable, List, Optional, Tuple

from scopelint.results import NameRecord

_ACTIONS = {"create": "created", "reuse": "reused", "unknown": "created or reused (unknown which)"}


def names_on_line(names: Iterable[NameRecord], path: str, line: int, cell: Optional[int] = None) -> List[NameRecord]:
    """The records of 1-based `line` of `path` (of `cell` in a notebook), in the order TF makes them."""
    return [n for n in names if n.path == path and n.line == line and n.cell == cell]


def hover_markdown(records: List[NameRecord]) -> Optional[str]:
    """Markdown for the records of one line, or None when the line makes no variable.
    A line run several times (a function called twice) lists each variable once
    per name, in order, with how many times it is made."""
    if not records:
        return None
    rows: List[Tuple[str, str, str, bool, Optional[tuple], Optional[str]]] = []
    counts: dict = {}
    for n in records:
        key = (n.name, n.action, n.api, n.more_iterations, n.shape, n.dtype)
        if key not in counts:
            rows.append(key)
            counts[key] = 0
        counts[key] += 1
    out = ["**TensorFlow variables** (scopelint)", ""]
    for row in rows:
        name, action, api, more, shape, dtype = row
        times = f" ×{counts[row]}" if counts[row] > 1 else ""
        line = f"- `{name}` {_ACTIONS.get(action, action)} by `{api}`{times}"
        known = [f"shape `{shape}`"] * (shape is not None) + [f"`{dtype}`"] * (dtype is not None)
        if known:
            line += ": " + ", ".join(known)
        if more:
            line += " (first iteration of a loop of unknown length; later ones are not predicted)"
        out.append(line)
    if any("?" in r[0] for r in rows):
        out += ["", "`?` stands for a part of the name scopelint cannot know."]
    return "\n".join(out) + "\n"
