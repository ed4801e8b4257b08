"""What a restore needs beside what a checkpoint holds (rule SCO112).

`needed`: checkpoint key -> (variable name, shape or None, is an optimizer
slot); `held`: key -> shape or None. Names print `?` for unknown parts: a
needed key with one is never claimed missing, and a held key with one is a
pattern (`?` is any text, `/` included) that may be any key it matches.
Optimizer slots are made only for the variables the loss reaches: a slot
the analysis is not sure of has a `?` name (never claimed); a key flagged
as a slot is named as missing only beside a key that is certainly missing. Extra checkpoint keys are fine (a restore
ignores them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

Needed = Dict[str, Tuple[str, Optional[tuple], bool]]
Held = Dict[str, Optional[tuple]]

# Variables an optimizer or the global step adds besides its slots.
_NONSLOT = re.compile(r"(^|/)(beta1_power|beta2_power|global_step)(_\d+)?$")
_NUMBERED = re.compile(r"_\d+(?=/|$)")


@dataclass(frozen=True)
class Problem:
    missing: Tuple[str, ...]  # needed keys the checkpoint certainly lacks
    slots: Tuple[str, ...]  # slot keys it lacks (missing if TF makes those slots)
    shapes: Tuple[Tuple[str, tuple, tuple], ...]  # (key, shape here, shape in the checkpoint)
    cause: Optional[str]
    dtypes: Tuple[Tuple[str, str, str], ...] = ()  # (key, dtype here, dtype in the checkpoint)


def _pattern(key: str) -> Optional["re.Pattern[str]"]:
    if "?" not in key:
        return None
    return re.compile(".*".join(re.escape(p) for p in key.split("?")), re.S)


def compare(
    needed: Needed,
    held: Held,
    needed_dtypes: Optional[Dict[str, Optional[str]]] = None,
    held_dtypes: Optional[Dict[str, Optional[str]]] = None,
) -> Optional[Problem]:
    """The problem a restore of `needed` from `held` meets, or None. The
    dtypes, where given and known on both sides, are compared too."""
    patterns = [p for p in (_pattern(k) for k in held) if p is not None]
    missing: List[str] = []
    slots: List[str] = []
    shapes: List[Tuple[str, tuple, tuple]] = []
    dtypes: List[Tuple[str, str, str]] = []
    for key, (_variable, shape, slot) in needed.items():
        if "?" in key:
            continue
        if key in held:
            other = held[key]
            if shape is not None and other is not None and tuple(shape) != tuple(other):
                shapes.append((key, tuple(shape), tuple(other)))
            mine, theirs = (needed_dtypes or {}).get(key), (held_dtypes or {}).get(key)
            if mine and theirs and mine != theirs and not slot:
                dtypes.append((key, mine, theirs))
            continue
        if any(p.fullmatch(key) for p in patterns):
            continue
        (slots if slot else missing).append(key)
    if not missing and not shapes and not dtypes:
        return None
    known = [k for k in held if "?" not in k]
    return Problem(tuple(missing), tuple(slots), tuple(shapes), likely_cause(missing + slots, known), tuple(dtypes))


def likely_cause(missing: Sequence[str], held: Sequence[str]) -> Optional[str]:
    """A recognisable reason the keys differ, or None."""
    if not missing:
        return None
    held_set = set(held)
    tensor_names = [k for k in missing if re.search(r":\d+$", k) and re.sub(r":\d+$", "", k) in held_set]
    if tensor_names:
        op_name = re.sub(r":\d+$", "", tensor_names[0])
        return (
            f"the Saver's dict key '{tensor_names[0]}' ends in ':0' (a tensor name): checkpoint keys are "
            f"op names, '{op_name}' is there"
        )
    prefix = _prefix_cause(missing, held_set)
    if prefix:
        return prefix
    numbered = _numbered_cause(missing, held)
    if numbered:
        return numbered
    replaced = _replaced_cause(missing, held_set)
    if replaced:
        return replaced
    optimizer = _optimizer_cause(missing, held)
    if optimizer:
        return optimizer
    return _moved_cause(missing, held)


def _prefix_cause(missing: Sequence[str], held: set) -> Optional[str]:
    added: Dict[str, int] = {}
    removed: Dict[str, int] = {}
    for key in missing:
        for h in held:
            if h.endswith("/" + key):
                head = h[: -len(key)]
                added[head] = added.get(head, 0) + 1
        for i, ch in enumerate(key):
            if ch == "/" and key[i + 1 :] in held:
                head = key[: i + 1]
                removed[head] = removed.get(head, 0) + 1
    best = max(
        [(n, "added", p) for p, n in added.items()] + [(n, "removed", p) for p, n in removed.items()], default=None
    )
    if best is None:
        return None
    n, kind, head = best
    if kind == "added":
        return (
            f"{_of_them(n)} in the checkpoint under '{head}': it was written with the model inside a scope "
            f"the code does not open"
        )
    return (
        f"{_of_them(n)} in the checkpoint without '{head}': the code builds the model inside a scope "
        f"the writer did not open"
    )


def _replaced_cause(missing: Sequence[str], held: set) -> Optional[str]:
    """`teacher/x` needed where the checkpoint holds `model/x`: one scope for another."""
    tails: Dict[str, List[str]] = {}
    for h in held:
        for i, ch in enumerate(h):
            if ch == "/":
                tails.setdefault(h[i + 1 :], []).append(h[: i + 1])
    swaps: Dict[Tuple[str, str], int] = {}
    for key in missing:
        for i, ch in enumerate(key):
            if ch == "/":
                for theirs in tails.get(key[i + 1 :], ()):
                    swaps[(key[: i + 1], theirs)] = swaps.get((key[: i + 1], theirs), 0) + 1
                break  # the outermost scope only
    if not swaps:
        return None
    (mine, theirs), n = max(swaps.items(), key=lambda kv: (kv[1], kv[0]))
    return f"{_of_them(n)} in the checkpoint under '{theirs}' instead of '{mine}'"


def _numbered_cause(missing: Sequence[str], held: Sequence[str]) -> Optional[str]:
    plain: Dict[str, str] = {}
    for h in held:
        plain.setdefault(_NUMBERED.sub("", h), h)
    for key in missing:
        twin = plain.get(_NUMBERED.sub("", key))
        if twin is None or twin == key:
            continue
        mine, theirs = _NUMBERED.findall(key), _NUMBERED.findall(twin)
        numbered_there = any(_NUMBERED.search(h) and _NUMBERED.sub("", h) == _NUMBERED.sub("", key) for h in held)
        if mine and not theirs and not numbered_there:
            return (
                f"'{key}' is '{twin}' in the checkpoint: the '{mine[-1]}' suffix comes from building the model a "
                f"second time in one graph (or a tf.Variable under reuse, which makes a new variable)"
            )
        return (
            f"automatic names shifted: the checkpoint has no '{key}' but has '{twin}' (a layer added or "
            f"removed before it, or the model built once more)"
        )
    return None


def _optimizer_cause(missing: Sequence[str], held: Sequence[str]) -> Optional[str]:
    extra = [k for k in missing if _NONSLOT.search(k)]
    if not extra:
        return None
    if any(_NONSLOT.search(h) for h in held):
        return None
    return (
        f"'{extra[0]}' belongs to an optimizer or global step the writer did not build: "
        f"give the Saver a var_list without them (or build it before them)"
    )


def _moved_cause(missing: Sequence[str], held: Sequence[str]) -> Optional[str]:
    by_last: Dict[str, List[str]] = {}
    for h in held:
        by_last.setdefault(h.rsplit("/", 1)[-1], []).append(h)
    for key in missing:
        parent, _, last = key.rpartition("/")
        if "/" in key:
            # A slot of a renamed optimizer: `w/Adam` here, `w/Adam2` there.
            siblings = [h for h in held if h.rpartition("/")[0] == parent and h != parent]
            if siblings and parent in held:
                return f"'{key}' is not there but '{siblings[0]}' is: the optimizer was renamed"
        candidates = by_last.get(last, [])
        if len(candidates) == 1 and "/" in candidates[0] + key:
            return f"'{key}' is '{candidates[0]}' in the checkpoint: the same name under another scope"
    return None


def _of_them(n: int) -> str:
    return "it is" if n == 1 else f"{n} of them are"


def _shape(shape: tuple) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def _listed(keys: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(keys[:limit])
    return shown + (f" (+{len(keys) - limit} more)" if len(keys) > limit else "")


def describe(problem: Problem, action: str, saver_place: Optional[str], source: str) -> str:
    """The finding's message: `action` 'saver.restore' or 'init_from_checkpoint';
    `saver_place` where the Saver was built; `source` which checkpoint."""
    parts = []
    if problem.missing:
        n = len(problem.missing)
        parts.append(
            f"{action} needs {n} key{'s' if n != 1 else ''} the checkpoint will not hold: {_listed(problem.missing)}"
        )
        if problem.slots:
            parts.append(
                f"also missing if TF makes these optimizer slots (it does for variables the loss reaches): "
                f"{_listed(problem.slots)}"
            )
    for key, mine, theirs in problem.shapes:
        parts.append(f"'{key}' has shape {_shape(mine)} here and {_shape(theirs)} in the checkpoint")
    for key, mine_dtype, theirs_dtype in problem.dtypes:
        parts.append(f"'{key}' has dtype {mine_dtype} here and {theirs_dtype} in the checkpoint")
    where = f"Saver built at {saver_place}; " if saver_place else ""
    text = "; ".join(parts) + f" ({where}checkpoint {source})."
    if action == "saver.restore":
        text = "Restoring from checkpoint failed. " + text[0].upper() + text[1:]  # TF's words
    if problem.cause and problem.missing:
        text += f" Likely cause: {problem.cause}."
    return text
