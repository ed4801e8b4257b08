"""Which variables a tensor has a gradient path to.

TF's optimizers make slot variables only for the variables whose gradient is
not None (`Optimizer.apply_gradients` drops the others), so the slot names
depend on what the loss was computed from. A tensor's `deps` is the set of
variable names reached through ops that have gradients, or None when the
analysis cannot tell (a tensor from an unmodelled call, an unknown value):
then the slots are unknown too, never guessed.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from scopelint.engine.objects import LibraryObject, ListVal, TFObject, TFRef, VarObj
from scopelint.engine.shapes import DType, Initializer, ValueTensor
from scopelint.engine.values import Plain, SymStr, Unknown, sym

EMPTY: frozenset = frozenset()


def is_plain_tensor(value: Any) -> bool:
    """An op's output tensor (not a variable, layer or other TF object)."""
    return type(value) is TFObject or type(value) is ValueTensor


def deps_of(value: Any) -> Optional[frozenset]:
    """The variable names `value` depends on; None when unknown."""
    if value is None or isinstance(value, (bool, int, float, str, SymStr, Plain, DType, Initializer, TFRef)):
        return EMPTY
    if isinstance(value, VarObj):
        if value.parts is not None:
            return frozenset(value.parts) if all(isinstance(p, str) for p in value.parts) else None
        return frozenset((value.name,)) if isinstance(value.name, str) else None
    if isinstance(value, TFObject):
        return value.deps
    if isinstance(value, (tuple, list)):
        return union(value)
    if isinstance(value, ListVal):
        return union(value.items) if value.items is not None else None
    if isinstance(value, LibraryObject):
        return object_deps(value)
    return None


def object_deps(obj: LibraryObject) -> Optional[frozenset]:
    """A layer or cell given as an argument: the variables it was seen to
    use; none yet when it has not been built (this call builds it)."""
    known = obj.f.get("grad_vars")
    if isinstance(known, frozenset):
        return known
    if obj.kind == "cell_wrapper":
        return deps_of(obj.config.get("cell"))
    return EMPTY if obj.f.get("built") is False else None


def union(values: Iterable) -> Optional[frozenset]:
    out: frozenset = EMPTY
    for v in values:
        d = deps_of(v)
        if d is None:
            return None
        out = out | d
    return out


def combine(*values: Any) -> TFObject:
    """The tensor `a + b`, `a @ b`, `-a` ... computes."""
    out = TFObject()
    out.deps = union(values)
    tensors = [v for v in values if isinstance(v, TFObject)]
    if all(is_plain_tensor(t) and t.op is not None for t in tensors) and all(
        isinstance(v, (TFObject, int, float)) for v in values
    ):
        out.op = sym(Unknown())  # float in, float out (an op name not followed)
    return out


def set_deps(result: Any, deps: Optional[frozenset]) -> None:
    """Every tensor in a call's result depends on `deps` (a tensor whose
    dependencies are already set keeps them)."""
    if isinstance(result, VarObj):
        return
    if isinstance(result, TFObject):
        if result.deps is None:
            result.deps = deps
    elif isinstance(result, (tuple, list)):
        for item in result:
            set_deps(item, deps)
    elif isinstance(result, ListVal) and result.items is not None:
        for item in result.items:
            set_deps(item, deps)
