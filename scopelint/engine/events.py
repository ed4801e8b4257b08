"""Events: what the analysis tells the rules. Each variable-creating or
-reusing call, each argument error TF raises and each ignored `reuse=False`
is one `Event` with typed fields; the engine knows no rule codes (the rules
map `Outcome` and `ArgumentError` to theirs)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, Optional

from scopelint.engine.frame import RaiseSignal

if TYPE_CHECKING:
    from scopelint.engine.protocol import Interp


class Kind(enum.Enum):
    GET_VARIABLE = "get_variable"  # through the variable store
    VARIABLE = "Variable"  # made like tf.Variable (named by the name scope)
    SCOPE = "scope"  # a variable_scope whose reuse=False TF ignores
    ERROR = "error"  # an argument error TF raises whatever the scope state
    SHARED_CELL = "shared_cell"  # one RNN cell object in several layers of a MultiRNNCell
    SAVE = "save"  # a checkpoint written (Event.checkpoint: a Save)
    RESTORE = "restore"  # variables read from a checkpoint (Event.checkpoint: a Restore)


class Outcome(enum.Enum):
    CREATE = "create"
    REUSE = "reuse"
    EXISTS = "exists"  # "Variable X already exists, disallowed"
    MISSING = "missing"  # "Variable X does not exist"
    SHAPE = "shape"  # sharing with another shape
    DTYPE = "dtype"  # sharing with another dtype
    NOSHAPE = "noshape"  # a new variable without a fully defined shape
    ERROR = "error"  # an argument error (see Event.error)


# Outcomes at which TF raises.
ERROR_OUTCOMES = frozenset(
    {Outcome.EXISTS, Outcome.MISSING, Outcome.SHAPE, Outcome.DTYPE, Outcome.NOSHAPE, Outcome.ERROR}
)


class ArgumentError(enum.Enum):
    """Errors TF raises from the arguments alone (the message is in Event.message)."""

    SCOPE_NAME_REQUIRED = "variable_scope(None) without default_name"
    INVALID_REUSE = "reuse= not True/False/None/AUTO_REUSE"
    REUSE_WITHOUT_NAME = "reuse=True with only a default_name"
    GET_VARIABLE_REUSE = "get_variable(..., reuse=...)"
    RESET_NESTED_GRAPH = "reset_default_graph inside a graph's as_default"
    CONSTANT_INITIALIZER_WITH_SHAPE = "a value initializer with shape="
    INITIALIZER_DTYPE = "a value initializer of another dtype than dtype="
    INVALID_SCOPE_NAME = "a name TF's name check rejects"
    # (from the template's state, not its arguments: Template.__call__ checks it after the call)
    TEMPLATE_NEW_TRAINABLE = "a template's later call created a trainable variable"


@dataclass
class Event:
    """One call, as TF would see it."""

    kind: Kind
    api: str  # display name of the API: get_variable, Variable, layers.dense ...
    node: Any  # innermost libcst Call node
    stack: tuple  # call-site nodes, outermost first, ending with `node`
    name: Any = None  # actual variable name (no ':0'); str/SymStr/Unknown
    key: Any = None  # store key for store variables
    outcome: Optional[Outcome] = None  # None: unknown
    certain: bool = True  # False in passes that may not run (second pass of a loop)
    record: bool = True  # produce a NameRecord
    caught: bool = False  # inside a try whose handlers catch TF's errors
    alone: bool = False  # in a function analysed without its callers
    error: Optional[ArgumentError] = None
    message: Optional[str] = None  # TF's message, for errors
    value: Any = None  # argument errors: the offending value, as written (e.g. "1" for reuse=1)
    first: Optional[Event] = None  # the creating event of an existing variable
    present: bool = False  # the variable was found (reused, or a sharing error)
    reuse: Any = None  # the reuse flag of the scope (or what it was asked)
    scope_cause: Any = None  # the node that made the variable scope reuse
    scope_node: Any = None  # the call that opened the innermost variable scope (None: the root)
    ns_only: Any = None  # (name_scope node, call site, stack) dropped by get_variable
    cause: Any = None  # SCOPE events: the node that made the outer scope reuse
    short_name: Any = None  # the name get_variable was given (without the scope)
    unknown_loop: bool = False  # inside a loop of unknown length (later passes not named)
    partitioned: bool = False  # a partitioned variable found again (its name has no `:0`)
    parts: tuple = ()  # a partitioned variable's creation: the events of its parts after the first
    second_pass: Any = None  # the loop whose certain second pass this is
    loop_call: Any = None  # ... and the call in that loop's body that leads here
    scope_call: Any = None  # the user's `variable_scope(name)` call whose reuse the innermost scope has or inherits
    reuse_call: Any = None  # the `variable_scope(..., reuse=...)` call whose own argument made the scope reuse
    given_shape: Any = (
        None  # get_variable: the shape asked for (shape=, else a value initializer's; None/Unknown: not known)
    )
    value_shape: Any = None  # CONSTANT_INITIALIZER_WITH_SHAPE: the value initializer's own shape
    var_shape: Any = None  # a store variable created or reused: its shape (tuple of int/None, or Unknown) ...
    var_dtype: Any = None  # ... and its dtype ('float32'..., or Unknown); None: not recorded
    origins: Any = None  # get_variable: (where its shape comes from, where its dtype comes from), in words
    shared_cell: Any = None  # SHARED_CELL events: (cells list node, position, depth built with, depth given)
    checkpoint: Any = None  # SAVE / RESTORE events: a Save or a Restore


class KeyInfo(NamedTuple):
    """One checkpoint key a Saver writes or reads: the variable's name
    (rendered, `?` for unknown parts), its shape when known, and whether it
    is an optimizer slot (made only for variables the loss reaches)."""

    variable: str
    shape: Optional[tuple]
    slot: bool = False
    dtype: Optional[str] = None  # only where the analysis is sure (get_variable's own dtype)


class KeySet(NamedTuple):
    """What a Saver (or init_from_checkpoint) saves or restores: checkpoint
    key -> KeyInfo, or None when unknown; `node`: where it was decided."""

    keys: Optional[dict]
    node: Any


class CheckpointPath(NamedTuple):
    """Where a checkpoint is: `kind` "prefix" (a file prefix such as
    `ckpt/model-100`), "latest" (the newest checkpoint a directory's
    `checkpoint` file names) or "either" (init_from_checkpoint: a directory
    or a prefix); `path` is normalised, relative to the program's working
    directory unless absolute."""

    kind: str
    path: str


@dataclass
class Save:
    keys: KeySet
    prefix: Any  # the prefix written: str, SymStr (unknown global step) or None
    directory: Optional[str]  # the directory whose `checkpoint` file now names it (None: none)
    blind: bool = False  # where it writes, or whether it names it there, is unknown


@dataclass
class Restore:
    needed: KeySet
    target: Optional[CheckpointPath]  # None: unknown
    # The save of this program whose checkpoint this reads: (KeySet, save
    # node); None: no save of this program wrote it; Unknown: cannot tell.
    written: Any


def emit(interp: Interp, kind: Kind, api: str, node: Any, **kw: Any) -> Event:
    ev = Event(kind=kind, api=api, node=node, stack=tuple(interp.call_stack) + (node,), **kw)
    if interp.silent:
        ev.certain = False
        ev.record = False
    if interp.try_depth:
        ev.caught = True
    if interp.doubt:
        ev.certain = False
    if interp.alone:
        ev.alone = True
    if interp.unknown_loops:
        ev.unknown_loop = True
    if interp.second_pass or interp.replay:
        ev.record = False  # a loop's second pass: what it makes was named by the first
    if interp.second_pass:
        loop, depth = interp.loop_nodes[-1]
        ev.second_pass = loop
        ev.loop_call = ev.stack[depth]
    interp.events.append(ev)
    return ev


def raise_if_certain(ev: Event) -> Event:
    """TF raises here: the path ends, as the program would (unless a try
    around it catches the error, in which case the call is a no-op)."""
    if ev.outcome in ERROR_OUTCOMES and ev.certain and not ev.caught:
        raise RaiseSignal()
    return ev


def argument_error(
    interp: Interp, error: ArgumentError, node: Any, message: str, api: str = "", value: Any = None
) -> Event:
    """An argument error TF raises whatever the scope state."""
    ev = emit(
        interp, Kind.ERROR, api, node, outcome=Outcome.ERROR, record=False, error=error, message=message, value=value
    )
    return raise_if_certain(ev)
