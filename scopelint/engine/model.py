"""TensorFlow 1.x graph state, symbolically: a graph's name table
(`Graph.unique_name`), its variable-scope counters (`_VariableScopeStore`),
its variable store, and `VariableScope` objects, over values that may be
unknown. The code paths that use them (`_pure_variable_scope`,
`_VariableStore._get_single_variable`) are in library/scopes.py and
library/variables.py. This module knows nothing about syntax; every piece
of state lives in journaled dicts so branches can be joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from scopelint.engine.values import (
    AUTO_REUSE,
    MISSING,
    JDict,
    Maybe,
    SymStr,
    Unknown,
    is_text,
    is_unknown,
    lower,
    sym,
)

# More trainable variables than any real model has: the list is then unknown.
MAX_TRAINABLES = 5_000
# A name with unknown parts is compared with at most this many stored names.
MAX_PATTERN_LOOKUP = 2_000

# --------------------------------------------------------------- reuse flags


def reuse_or(own: Any, parent: Any) -> Any:
    """Python's `own or parent`, which is how TF inherits reuse."""
    if own is True or own is AUTO_REUSE:
        return own
    if own is None or own is False:
        return parent
    return Unknown()


def reuse_truthy(value: Any) -> Optional[bool]:
    if value is True or value is AUTO_REUSE:
        return True
    if value is False or value is None:
        return False
    return None


# --------------------------------------------------------------- records


@dataclass
class VarRecord:
    """A variable in the store (or made by tf.Variable)."""

    key: Any
    name: Any  # actual variable name (without ':0')
    shape: Any  # tuple of int/None, or Unknown
    dtype: Any  # 'float32' ... or Unknown
    event: Any  # the creating Event
    resource: bool = False  # resource variables print dtypes without `_ref`
    is_store_record: bool = True
    parts: int = 0  # a partitioned variable's logical record: how many `part_N`


class VarScope:
    """TF's VariableScope object: its name, reuse flag and name scope."""

    __slots__ = ("f", "graph")

    def __init__(self, graph: "Graph", name: Any, reuse: Any, name_scope: Any, cause: Any = None, opaque: Any = False):
        self.graph = graph
        self.f = JDict(
            {
                "name": name,
                "reuse": reuse,
                "name_scope": name_scope,
                "cause": cause,  # node that made this scope reuse
                "opaque": opaque,  # custom_getter/partitioner: names unknowable
                "opened_by": None,  # the user's variable_scope call that opened it, or whose reuse it inherits
                "reuse_call": None,  # the variable_scope call whose reuse argument made it reuse
            }
        )

    @property
    def name(self) -> Any:
        return self.f["name"]

    @property
    def reuse(self) -> Any:
        return self.f["reuse"]

    def reuse_variables(self, cause: Any) -> None:
        self.f["reuse"] = True
        self.f["cause"] = cause
        self.f["reuse_call"] = None


class ScopeCounts(JDict):
    """Graph.scope_counts (variable scope name -> times opened), indexed so
    that neither closing a scope nor asking whether counts are uncertain
    scans every scope ever opened (quadratic in a long module).

    `below[name]`: keys whose known head starts with `name + "/"`;
    `ever_unknown`: keys once set to an unknown count. Both are supersets
    (journal undo writes `data` directly, and only restores keys that were
    set through __setitem__ before): users check the key's current value.
    """

    __slots__ = ("below", "ever_unknown")

    def __init__(self) -> None:
        super().__init__()
        self.below: dict = {}
        self.ever_unknown: dict = {}

    def __setitem__(self, key, value) -> None:
        if key not in self.data:
            head = key if isinstance(key, str) else _known_head(key)
            if head:
                i = head.find("/")
                while i >= 0:
                    self.below.setdefault(head[:i], {})[key] = None
                    i = head.find("/", i + 1)
        if is_unknown(value):
            self.ever_unknown[key] = None
        super().__setitem__(key, value)


def _known_head(key: Any) -> Optional[str]:
    if isinstance(key, SymStr) and key.parts and isinstance(key.parts[0], str):
        return key.parts[0]
    return None


class Graph:
    """One tf.Graph: its name table, variable store and scope counters."""

    _ids = 0

    def __init__(self, *, unknown_context: bool = False):
        Graph._ids += 1
        self.id = Graph._ids
        self.names = JDict()  # lower-cased op/scope name -> use count
        self.sym_names = JDict()  # lower-cased names with unknown parts
        self.store = JDict()  # variable key -> VarRecord | Maybe
        self.sym_store = JDict()  # keys with unknown parts -> True
        self.scope_counts = ScopeCounts()  # variable scope name -> times opened
        self.layer_uids = JDict()  # layer base name -> count (Keras/tf.layers objects)
        # A function analysed alone: the caller may have made any name already.
        self.open_names = unknown_context
        # Trainable variables in creation order (what tf.trainable_variables()
        # and an optimizer's default var_list see), or Unknown.
        # Global variables likewise (what tf.global_variables() and a default
        # tf.train.Saver() see), and the names of optimizer slots among them.
        self.f = JDict(
            {
                "store_open": unknown_context,
                "lost": False,
                "trainables": Unknown() if unknown_context else (),
                "globals": Unknown() if unknown_context else (),
                "slots": (),
                # one dependency set per tensor of REGULARIZATION_LOSSES / LOSSES (library/regularization.py)
                "reg_losses": Unknown() if unknown_context else (),
                "losses": Unknown() if unknown_context else (),
            }
        )
        if unknown_context:
            # A function analysed alone: the caller's scope is unknown.
            self.root = VarScope(self, Unknown(), Unknown(), Unknown())
        else:
            self.root = VarScope(self, "", False, "")
        # The current variable scope, name stack and name-scope-only flag
        # (library/scopes.py), present from the start: leaving a scope restores them to
        # these values, and a path that never entered one must join equal
        # to it (an absent key joined with a present one is unknown).
        # A function analysed alone: the caller's name scope is unknown too.
        stack = Unknown() if unknown_context else ""
        self.f.data.update({"vscope": self.root, "name_stack": stack, "ns_only": None})

    # Whether the analysis lost track of this graph (budget, recursion...).
    @property
    def lost(self) -> bool:
        return bool(self.f["lost"])

    def lose(self) -> None:
        self.f["lost"] = True
        self.f["trainables"] = Unknown()
        self.f["globals"] = Unknown()

    def open_store(self) -> None:
        self.f["store_open"] = True
        self.f["trainables"] = Unknown()
        self.f["globals"] = Unknown()

    @property
    def trainables(self) -> Any:
        """A tuple of VarObj, or Unknown."""
        return self.f["trainables"]

    def add_trainable(self, var: Any) -> None:
        self._append("trainables", var)

    @property
    def global_variables(self) -> Any:
        """A tuple of VarObj in creation order, or Unknown."""
        return self.f["globals"]

    def add_global(self, var: Any) -> None:
        self._append("globals", var)

    def _append(self, key: str, var: Any) -> None:
        known = self.f[key]
        if isinstance(known, tuple):
            # Appending copies the tuple (quadratic in a generated module
            # making 100,000 variables): past MAX_TRAINABLES, unknown.
            self.f[key] = known + (var,) if len(known) < MAX_TRAINABLES else Unknown()

    # ------------------------------------------------ names (Graph.unique_name)

    def unique_name(self, stack: Any, name: Any) -> Any:
        """Graph.unique_name: `a`, `a_1`, ... compared case-insensitively."""
        full = join_name(stack, name)
        if not isinstance(full, str):
            if isinstance(full, SymStr):
                key = lower(full)
                # (join_name gives an unknown stack a new unknown each time:
                # names made under it never compare equal, so assume taken.)
                taken = (
                    self.open_names
                    or self.lost
                    or is_unknown(stack)
                    or key in self.sym_names
                    or self._sym_may_collide(key)
                )
                self.sym_names[key] = True
                # `?/t` made twice is `a/t`, then `a/t_1`: a suffix may follow.
                return sym(full, Unknown()) if taken else full
            return Unknown()
        key = full.lower()
        count = self.names.get(key, 0)
        if self.lost or is_unknown(count) or self._may_collide(key):
            self.names[key] = Unknown()
            return sym(full, Unknown())
        self.names[key] = count + 1
        if count > 0:
            base_key = key
            while key in self.names:
                key = f"{base_key}_{count}"
                count += 1
            self.names[key] = 1
            return f"{full}_{count - 1}"
        return full

    def _sym_may_collide(self, key: SymStr) -> bool:
        """Could a known name be `key` (a name with unknown parts) already?"""
        last = key.parts[-1]
        if not isinstance(last, str):
            return False  # an unknown end already stands for any suffix
        return any(last in k for k in self.names.keys())

    def _may_collide(self, key: str) -> bool:
        """Could an op or scope whose name we do not know be `key`?"""
        if self.open_names:
            return True
        for k in self.sym_names.keys():
            head = k.parts[0]
            if not isinstance(head, str) or key.startswith(head):
                return True
        return False

    # ------------------------------------------ default names (_VariableScopeStore)

    def open_variable_scope(self, name: Any) -> None:
        if isinstance(name, str):
            count = self.scope_counts.get(name, 0)
            self.scope_counts[name] = count + 1 if isinstance(count, int) else Unknown()
        else:
            self.scope_counts[name if isinstance(name, SymStr) else SymStr([Unknown()])] = Unknown()

    def close_variable_subscopes(self, name: Any) -> None:
        if not isinstance(name, str):
            # Which counts reset is unknown: every count below may be anything.
            for k in list(self.scope_counts.keys()):
                self.scope_counts[k] = Unknown()
            return
        prefix = name + "/"
        counts = self.scope_counts
        for k in list(counts.below.get(name, ())):  # keys under `prefix`
            if k not in counts.data:
                continue
            if isinstance(k, str):
                if k.startswith(prefix):
                    self.scope_counts[k] = 0
            elif isinstance(k, SymStr) and isinstance(k.parts[0], str) and k.parts[0].startswith(prefix):
                self.scope_counts.pop(k)

    def unique_variable_scope(self, current: Any, prefix: Any) -> Any:
        """TF's _get_unique_variable_scope: `prefix`, `prefix_1`, ..."""
        if not isinstance(current, str) or not isinstance(prefix, str):
            return sym(prefix, Unknown()) if is_text(prefix) else Unknown()
        base = f"{current}/{prefix}" if current else prefix
        if self._counts_uncertain(base):
            return sym(prefix, Unknown())
        if self.scope_counts.get(base, 0) == 0:
            return prefix
        idx = 1
        while True:
            c = self.scope_counts.get(f"{base}_{idx}", 0)
            if is_unknown(c):
                return sym(prefix, Unknown())
            if c == 0:
                return f"{prefix}_{idx}"
            idx += 1

    def _counts_uncertain(self, base: str) -> bool:
        counts = self.scope_counts
        for k in counts.ever_unknown:
            v = counts.data.get(k, MISSING)
            if v is not MISSING and is_unknown(v):
                if isinstance(k, str):
                    if k == base or k.startswith(base + "_"):
                        return True
                else:
                    head = k.parts[0] if k.parts and isinstance(k.parts[0], str) else ""
                    if base.startswith(head) or head.startswith(base):
                        return True
        return False

    # -------------------------------------------------- layer object names

    def unique_layer_name(self, base: str) -> Any:
        count = self.layer_uids.get(base, 0)
        if is_unknown(count):
            return sym(base, Unknown())
        self.layer_uids[base] = count + 1
        return base if count == 0 else f"{base}_{count}"

    # -------------------------------------------------- the variable store

    def lookup(self, key: Any) -> "tuple[Optional[bool], Optional[VarRecord]]":
        """Is `key` in the store? True / False / None (unknown), and its record."""
        if self.lost:
            return None, None
        entry = self.store.get(key, MISSING)
        if isinstance(entry, VarRecord):
            return True, entry
        if isinstance(entry, Maybe):
            return None, entry.record
        if isinstance(key, SymStr) and not self.f["store_open"]:
            return (False, None) if self._surely_absent(key) else (None, None)
        if not isinstance(key, str) or self.f["store_open"]:
            return None, None
        for k in self.sym_store.keys():
            head = k.parts[0]
            if not isinstance(head, str) or key.startswith(head):
                return None, None
        return False, None

    def _surely_absent(self, key: SymStr) -> bool:
        """No variable in the store can have the name `key` (a name with
        unknown parts): no known name matches its pattern, and no other
        name with unknown parts is there."""
        if len(self.store.data) > MAX_PATTERN_LOOKUP:
            return False
        pattern = None
        for k in self.store.keys():
            if isinstance(k, str):
                if pattern is None:
                    pattern = re.compile("".join(re.escape(p) if isinstance(p, str) else ".*" for p in key.parts), re.S)
                if pattern.fullmatch(k):
                    return False
            elif k != key and not _disjoint(k, key):
                return False
        return True

    def add(self, key: Any, record: "VarRecord") -> None:
        if isinstance(key, SymStr):
            self.sym_store[key] = True
        elif not is_text(key):
            self.open_store()
            return
        self.store[key] = record


def _disjoint(a: Any, b: SymStr) -> bool:
    """Two names with unknown parts that cannot be equal: their known
    beginnings differ (`tower_0/?` and `tower_1/?`)."""
    if not isinstance(a, SymStr) or not a.parts or not b.parts:
        return False
    x, y = a.parts[0], b.parts[0]
    return isinstance(x, str) and isinstance(y, str) and not (x.startswith(y) or y.startswith(x))


def join_name(stack: Any, name: Any) -> Any:
    if is_text(stack) and stack == "":
        return name
    if is_unknown(stack):
        return sym(Unknown(), "/", name)
    return sym(stack, "/", name)


def variable_key(scope_name: Any, name: Any) -> Any:
    """get_variable's store key: `<variable scope name>/<name>`."""
    if isinstance(scope_name, str) and scope_name == "":
        return name
    return sym(scope_name, "/", name)
