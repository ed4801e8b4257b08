"""Symbolic values the analysis computes with, and the journal that lets
branches (if/else, loops of unknown length) run separately and then join.

An `Unknown` stands for any value. Each instance has its own identity, so the
same unknown parameter used twice yields equal names (`?/w` twice is one key),
while two unrelated unknowns never compare equal.
"""

from __future__ import annotations

import itertools
from typing import Any, Callable, Iterable, Optional


class Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "?"


class Plain(Unknown):
    """An unknown value made by code that cannot reach TensorFlow: a numpy
    array, a DataFrame, a file, a parsed flag, what `print` or `len` of
    them gives. Calling it or its methods runs no TF code (unless it is
    handed code to run), so it neither creates variables nor switches
    scopes: the analysis keeps its knowledge of the graph across it."""

    __slots__ = ()


def unknown() -> Unknown:
    return Unknown()


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


class _Missing:
    """A key absent from a journaled dict (distinct from None)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


class _AutoReuse:
    """tf.AUTO_REUSE."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "tf.AUTO_REUSE"


AUTO_REUSE = _AutoReuse()


# ---------------------------------------------------------------- strings


class SymStr:
    """A string with unknown parts: a tuple of `str` and `Unknown` pieces."""

    __slots__ = ("parts",)

    def __init__(self, parts: Iterable):
        merged: list = []
        for part in parts:
            if isinstance(part, str):
                if not part:
                    continue
                if merged and isinstance(merged[-1], str):
                    merged[-1] += part
                    continue
            merged.append(part)
        self.parts = tuple(merged)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SymStr) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __repr__(self) -> str:
        return render(self)


def sym(*pieces) -> "str | SymStr":
    """Concatenate str / SymStr / Unknown pieces into the simplest value."""
    parts: list = []
    for piece in pieces:
        if isinstance(piece, SymStr):
            parts.extend(piece.parts)
        elif isinstance(piece, str):
            parts.append(piece)
        else:
            parts.append(piece if isinstance(piece, Unknown) else Unknown())
    s = SymStr(parts)
    if len(s.parts) > MAX_TEXT_PARTS or sum(len(p) for p in s.parts if isinstance(p, str)) > MAX_TEXT:
        return SymStr([Unknown()])  # too long to follow (s = s + s in a loop): unknown text
    if all(isinstance(p, str) for p in s.parts):
        return "".join(s.parts)
    return s


# Texts and sequences the analysis builds are followed up to these sizes;
# larger ones are unknown (doubling a string in an unrolled loop would
# otherwise take all memory).
MAX_TEXT = 10_000  # characters
MAX_TEXT_PARTS = 64  # known and unknown pieces of one SymStr
MAX_ITEMS = 4_096  # items of a tuple or list


def is_text(value: Any) -> bool:
    return isinstance(value, (str, SymStr))


def as_text(value: Any) -> Any:
    """A name argument as text: a str or SymStr as it is, unknown data (a
    flag, an argv entry) as a one-part SymStr that keeps its identity (the
    same flag twice is the same name), anything else Unknown."""
    if isinstance(value, (str, SymStr)):
        return value
    if isinstance(value, Plain):
        return SymStr([value])
    return Unknown()


def known(value: Any) -> Optional[str]:
    return value if isinstance(value, str) else None


def render(value: Any) -> str:
    """Print a name with `?` for what is unknown."""
    if isinstance(value, str):
        return value
    if isinstance(value, SymStr):
        return "".join(p if isinstance(p, str) else "?" for p in value.parts)
    return "?"


def lower(value: Any) -> Any:
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, SymStr):
        return SymStr(p.lower() if isinstance(p, str) else p for p in value.parts)
    return value


def split_last(value: Any) -> Any:
    """`a/b/c` -> `c` (the component TF uses for a re-entered scope object)."""
    if isinstance(value, str):
        return value.split("/")[-1]
    if isinstance(value, SymStr):
        last = value.parts[-1]
        if isinstance(last, str) and "/" in last:
            return last.rsplit("/", 1)[1]
    return Unknown()


def ends_with_slash(value: Any) -> Optional[bool]:
    if isinstance(value, str):
        return value.endswith("/")
    if isinstance(value, SymStr):
        last = value.parts[-1]
        return last.endswith("/") if isinstance(last, str) else None
    return None


# ---------------------------------------------------------------- journal


class Journal:
    """Records every write to journaled containers so a branch can be undone."""

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: list = []

    def finals(self) -> dict:
        out: dict = {}
        for container, key, _old in self.entries:
            out[(id(container), key)] = (container, key, container.data.get(key, MISSING))
        return out

    def undo(self) -> None:
        for container, key, old in reversed(self.entries):
            if old is MISSING:
                container.data.pop(key, None)
            else:
                container.data[key] = old
        self.entries.clear()


_JOURNALS: list = []


def push_journal() -> Journal:
    j = Journal()
    _JOURNALS.append(j)
    return j


def pop_journal(j: Journal) -> None:
    assert _JOURNALS and _JOURNALS[-1] is j
    _JOURNALS.pop()


def reset_journals() -> None:
    _JOURNALS.clear()


_BORN = itertools.count()


class JDict:
    """A dict whose writes are journaled (all mutable analysis state is one).
    `born` orders creations: what a finished import made is told from what
    existed before it (project_modules keeps imports across programs)."""

    __slots__ = ("data", "born", "__weakref__")

    def __init__(self, data: Optional[dict] = None):
        self.data = dict(data or {})
        self.born = next(_BORN)

    def get(self, key, default=None):
        return self.data.get(key, default)

    def __getitem__(self, key):
        return self.data[key]

    def __contains__(self, key) -> bool:
        return key in self.data

    def __setitem__(self, key, value) -> None:
        if _JOURNALS:
            _JOURNALS[-1].entries.append((self, key, self.data.get(key, MISSING)))
        self.data[key] = value

    def pop(self, key) -> None:
        if key in self.data:
            if _JOURNALS:
                _JOURNALS[-1].entries.append((self, key, self.data[key]))
            del self.data[key]

    def items(self):
        return self.data.items()

    def keys(self):
        return self.data.keys()


def next_birth() -> int:
    """The `born` of the next JDict made."""
    marker = JDict()
    return marker.born + 1


def outer_journal() -> Journal:
    """A journal below every other: what is written from now on can be
    undone as a whole (a program's writes to modules other programs reuse)."""
    j = Journal()
    _JOURNALS.insert(0, j)
    return j


def forget_writes_to_newer(born: int, marks: list, keep: Callable[[int], bool] = lambda born: False) -> None:
    """Drop journal entries, recorded since `marks` (each journal's length
    then), for containers made at or after `born`: writes that built new
    objects, which nothing older can see; undoing them would empty them.
    Entries for containers whose birth `keep` accepts stay."""
    for j, start in marks:
        if start < len(j.entries):
            j.entries[start:] = [e for e in j.entries[start:] if e[0].born < born or keep(e[0].born)]


def journal_marks() -> list:
    return [(j, len(j.entries)) for j in _JOURNALS]


# ---------------------------------------------------------------- joins


class Maybe:
    """A store entry present on some paths only."""

    __slots__ = ("record",)

    def __init__(self, record: Any = None):
        self.record = record

    def __repr__(self) -> str:
        return "Maybe"


def join_values(values: list) -> Any:
    """The value after paths meet: equal values stay, others become unknown."""
    first = values[0]
    for v in values:
        if v is not first and not _same(first, v):
            break
    else:
        return first
    if any(isinstance(v, Maybe) or getattr(v, "is_store_record", False) for v in values):
        present = [v for v in values if v is not MISSING]
        rec = next((v.record if isinstance(v, Maybe) else v for v in present), None)
        return Maybe(rec)
    if any(v is MISSING for v in values):
        # A name or counter used on one path only: its count is unknown.
        return Unknown()
    if all(isinstance(v, Plain) for v in values):
        return Plain()
    return Unknown()


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, (str, int, float, bool, type(None), SymStr)):
        return a == b
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return False
