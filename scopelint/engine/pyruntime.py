"""The Python-level runtime of the analysed program: literals, truthiness,
operators, `%` and `format`, the methods of str/list/dict, and builtins.

Values are those of engine/values.py and engine/objects.py; what a value
cannot be computed exactly is `Unknown`.
"""

from __future__ import annotations

import ast
import operator
import re
import string
from typing import Any, Optional

import libcst as cst

from scopelint.engine.gradients import combine
from scopelint.engine.model import VarScope
from scopelint.engine.objects import (
    BoundMethod,
    Builtin,
    ClassVal,
    DictVal,
    FuncVal,
    Instance,
    ListVal,
    ModuleRef,
    PartialVal,
    SuperRef,
    TFObject,
    TFRef,
)
from scopelint.engine.project_modules import ProjectModule
from scopelint.engine.values import AUTO_REUSE, MAX_ITEMS, MAX_TEXT, Plain, SymStr, Unknown, is_text, sym

CONSTANT_TYPES = (str, int, float, bool, type(None))


def truthiness(value: Any) -> Optional[bool]:
    if isinstance(value, (Unknown, SymStr)):
        return None if isinstance(value, Unknown) else True
    if isinstance(value, CONSTANT_TYPES + (tuple,)):
        return bool(value)
    if isinstance(value, ListVal):
        return None if value.items is None else bool(value.items)
    if value is AUTO_REUSE:
        return True
    if isinstance(value, (FuncVal, ClassVal, Instance, VarScope, BoundMethod, TFRef, ProjectModule, PartialVal)):
        return True
    return None


def carries_code(args: list, kwargs: dict, strict: bool) -> bool:
    """May a callee run code it is handed among these arguments (a function,
    a class, an object with methods, a TF API)? With `strict`, an unknown
    value may be such code too; data (Plain, constants, tensors) is not."""
    budget = [200]

    def carries(v: Any) -> bool:
        budget[0] -= 1
        if budget[0] < 0:
            return True
        if isinstance(v, (Plain, TFObject, SymStr) + CONSTANT_TYPES):
            return False
        if isinstance(v, Unknown):
            return strict
        if isinstance(v, tuple):
            return any(carries(i) for i in v)
        if isinstance(v, ListVal):
            return v.items is None or any(carries(i) for i in v.items)
        if isinstance(v, DictVal):
            return any(carries(i) for _k, i in v.d.items())
        return not isinstance(v, ModuleRef)  # a module is data; anything else may be code

    return any(carries(v) for v in list(args) + list(kwargs.values()))


BINOPS = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.FloorDivide: operator.floordiv,
    cst.Modulo: operator.mod,
    cst.Power: operator.pow,
    cst.Divide: operator.truediv,
}

CMPOPS = {
    cst.LessThan: operator.lt,
    cst.GreaterThan: operator.gt,
    cst.LessThanEqual: operator.le,
    cst.GreaterThanEqual: operator.ge,
    cst.Equal: operator.eq,
    cst.NotEqual: operator.ne,
}


# type(node) -> its eval_ method (unbound), or _walk_unknown.
_EVALUATORS: dict = {}


# The source text of a number or string literal -> its value (or Unknown).
_LITERALS: dict = {}
_MAX_LITERALS = 50_000


def literal(text: str) -> Any:
    """ast.literal_eval of a literal's text, memoised: literal_eval compiles
    its argument, and the same few literals recur throughout a module."""
    value = _LITERALS.get(text, _NOT_SEEN)
    if value is _NOT_SEEN:
        q = text[-1:]
        if q in ("'", '"') and text[:1] == q and "\\" not in text and (len(text) < 6 or text[:3] != q * 3):
            value = text[1:-1]  # the common case: a plain one-line string
        else:
            try:
                value = ast.literal_eval(text)
            except Exception:  # (ValueError, SyntaxError, MemoryError...)
                value = _NOT_LITERAL
            if not isinstance(value, (str, int, float)):  # bytes, complex
                value = _NOT_LITERAL
        if len(_LITERALS) < _MAX_LITERALS:
            _LITERALS[text] = value
    # A new Unknown each time: unknowns are told apart by identity.
    return Unknown() if value is _NOT_LITERAL else value


_NOT_SEEN = object()
_NOT_LITERAL = object()


def iterate(value: Any) -> Optional[list]:
    """The items of a value we can enumerate, else None."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, ListVal):
        return None if value.items is None else list(value.items)
    if isinstance(value, str):
        return list(value)
    if isinstance(value, DictVal):
        return list(value.d.keys())
    if isinstance(value, RangeVal):
        return value.items
    return None


# ---------------------------------------------------------------- helpers


class RangeVal:
    __slots__ = ("items",)

    def __init__(self, items: list):
        self.items = items


def identity(a: Any, b: Any) -> Optional[bool]:
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool) or a is AUTO_REUSE or b is AUTO_REUSE:
        if isinstance(a, Unknown) or isinstance(b, Unknown):
            return None
        return a is b
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return None
    return a is b if not isinstance(a, CONSTANT_TYPES) else None


def to_str(value: Any) -> Any:
    if isinstance(value, (str, SymStr, Plain)):
        return value  # a Plain keeps its identity inside the text
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, VarScope):
        return value.name if is_text(value.name) else Unknown()
    return Unknown()


def format_one(value: Any, spec: str, conversion: Optional[str]) -> Any:
    if _HUGE_SPEC.search(spec):  # a width of a gigabyte: not followed
        return Unknown()
    if isinstance(value, (str, int, float, bool, type(None))):
        try:
            v = repr(value) if conversion == "r" else value
            return format(v, spec)
        except (ValueError, TypeError, OverflowError):  # e.g. format(10**9, "c")
            return Unknown()
    return Unknown()


def percent_format(fmt: Any, args: Any) -> Any:
    if not isinstance(fmt, str) or _HUGE_PERCENT.search(fmt):
        return Unknown()
    values = list(args) if isinstance(args, tuple) else [args]
    if all(isinstance(v, (str, int, float, bool, type(None))) for v in values):
        try:
            return fmt % (tuple(values) if isinstance(args, tuple) else args)
        except (TypeError, ValueError, KeyError, OverflowError):  # "%c" % 10**9
            return Unknown()
    # Keep the known text around the unknown values: 'tower_%d' % i -> tower_?
    pieces: list = []
    pos = 0
    it = iter(values)
    for m in re.finditer(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]", fmt):
        pieces.append(fmt[pos : m.start()])
        if m.group() == "%%":
            pieces.append("%")
        else:
            v = next(it, Unknown())
            pieces.append(
                v
                if isinstance(v, (str, SymStr, Plain)) and m.group().endswith("s")
                else (
                    str(v)
                    if isinstance(v, int) and not isinstance(v, bool) and m.group() in ("%d", "%s", "%i")
                    else Unknown()
                )
            )
        pos = m.end()
    pieces.append(fmt[pos:])
    return sym(*pieces)


# Format widths or precisions of 5+ digits (or taken from an argument) could
# build strings of any size: the analysis does not follow them.
_HUGE_SPEC = re.compile(r"\d{5,}|\{")
_HUGE_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d*\.?\d{5,}|\d*\.?\*)")
_HUGE_FORMAT = re.compile(r"\{[^{}]*(?:\d{5,}|\{)")


def _sized(value: Any) -> Any:
    """`value`, or unknown when it is larger than the analysis follows."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return sym(value)  # an unknown text (values.sym applies the limit)
    if isinstance(value, tuple) and len(value) > MAX_ITEMS:
        return Unknown()
    if isinstance(value, ListVal) and value.items is not None and len(value.items) > MAX_ITEMS:
        return Unknown()
    return value


def binop(op: Any, left: Any, right: Any) -> Any:
    if op is cst.Modulo and isinstance(left, (str, SymStr)):
        return percent_format(left, right) if isinstance(left, str) else Unknown()
    if (
        op is cst.Add
        and (is_text(left) or is_text(right))
        and all(is_text(v) or isinstance(v, Plain) for v in (left, right))
    ):
        return sym(left, right)  # 'enc_' + FLAGS.name: an unknown part that keeps its identity
    if op is cst.Add and isinstance(left, tuple) and isinstance(right, tuple):
        return _sized(left + right)
    if op is cst.Add and isinstance(left, ListVal) and isinstance(right, ListVal):
        if left.items is None or right.items is None:
            return Unknown()
        return _sized(ListVal(list(left.items) + list(right.items)))
    if op is cst.Multiply and isinstance(left, ListVal) and isinstance(right, int) and 0 <= right <= 64:
        return _sized(ListVal(list(left.items) * right)) if left.items is not None else Unknown()
    if isinstance(left, (int, float)) and isinstance(right, (int, float)) and op in BINOPS:
        if op is cst.Power and isinstance(right, int) and right > 64 and abs(left) > 1:
            return Unknown()  # past 10**12 anyway, and 2 ** 10 ** 10 would take minutes
        try:
            result = BINOPS[op](left, right)
        except (ZeroDivisionError, OverflowError, ValueError):
            return Unknown()
        if isinstance(result, int) and abs(result) > 10**12:
            return Unknown()
        return result
    if op is cst.Multiply and isinstance(left, str) and isinstance(right, int) and 0 <= right <= 64:
        return _sized(left * right)
    if (isinstance(left, Plain) or isinstance(right, Plain)) and all(
        isinstance(v, (Plain, int, float, str)) for v in (left, right)
    ):
        return Plain()  # arithmetic on arrays
    return Unknown()


def str_method(s: Any, attr: str) -> Any:
    if attr == "format":

        def fmt(interp, args, kwargs, node):
            if isinstance(s, str) and _HUGE_FORMAT.search(s):
                return Unknown()
            if isinstance(s, str) and all(
                isinstance(v, (str, int, float, bool, type(None))) for v in list(args) + list(kwargs.values())
            ):
                longest = max((len(str(v)) for v in list(args) + list(kwargs.values())), default=0)
                if len(s) + s.count("{") * longest > MAX_TEXT:
                    return Unknown()
                try:
                    return _sized(s.format(*args, **kwargs))
                except (IndexError, KeyError, ValueError, TypeError, OverflowError):
                    return Unknown()
            if isinstance(s, str):
                return _format_partial(s, args, kwargs)
            return Unknown()

        return Builtin("str.format", fmt)
    if attr in (
        "lower",
        "upper",
        "strip",
        "rstrip",
        "lstrip",
        "replace",
        "join",
        "split",
        "startswith",
        "endswith",
        "capitalize",
        "title",
    ):

        def m(interp, args, kwargs, node):
            if isinstance(s, str) and all(isinstance(a, (str, int)) or isinstance(a, (tuple,)) for a in args):
                if attr == "join":
                    items = iterate(args[0]) if args else None
                    if items is not None and all(isinstance(i, str) for i in items):
                        if sum(map(len, items)) + len(s) * len(items) > MAX_TEXT:
                            return Unknown()
                        return s.join(items)
                    if items is not None and all(is_text(i) for i in items):
                        out: list = []
                        for idx, i in enumerate(items):
                            if idx:
                                out.append(s)
                            out.append(i)
                        return sym(*out)
                    return Unknown()
                if attr == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
                    if len(s) + (s.count(args[0]) if args[0] else len(s) + 1) * len(args[1]) > MAX_TEXT:
                        return Unknown()
                try:
                    result = getattr(s, attr)(*args)
                except (TypeError, ValueError):
                    return Unknown()
                if isinstance(result, list):
                    return _sized(ListVal(result))
                return _sized(result)
            return Unknown()

        return Builtin("str." + attr, m)
    return Unknown()


def _format_partial(fmt: str, args: list, kwargs: dict) -> Any:
    pieces: list = []
    auto = 0
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return Unknown()
    for literal, field, spec, conv in parsed:
        pieces.append(literal)
        if field is None:
            continue
        if field == "":
            v = args[auto] if auto < len(args) else Unknown()
            auto += 1
        elif field.isdigit():
            v = args[int(field)] if int(field) < len(args) else Unknown()
        else:
            v = kwargs.get(field, Unknown())
        pieces.append(
            format_one(v, spec or "", conv)
            if isinstance(v, (str, int, float, bool))
            else (v if isinstance(v, (SymStr, Plain)) and not spec and not conv else Unknown())
        )
    return sym(*pieces)


def list_method(lst: ListVal, attr: str) -> Any:
    if attr == "append":

        def append(interp, args, kwargs, node):
            if lst.items is not None:
                # Appending copies the tuple: past MAX_ITEMS, the contents are unknown.
                lst.f["items"] = (
                    lst.items + (args[0] if args else Unknown(),) if len(lst.items) < MAX_ITEMS else Unknown()
                )
            return None

        return Builtin("list.append", append)
    if attr == "extend":

        def extend(interp, args, kwargs, node):
            items = iterate(args[0]) if args else None
            if items is None or lst.items is None or len(lst.items) + len(items) > MAX_ITEMS:
                lst.f["items"] = Unknown()
                return None
            lst.f["items"] = lst.items + tuple(items)
            return None

        return Builtin("list.extend", extend)
    if attr in ("pop", "insert", "remove", "sort", "reverse", "clear"):

        def mutate(interp, args, kwargs, node):
            if carries_code(args, kwargs, strict=False):  # sort(key=f) calls f
                return interp.unknown_call(args, kwargs)
            lst.f["items"] = Unknown()
            return Unknown()

        return Builtin("list." + attr, mutate)
    if attr == "copy":
        return Builtin("list.copy", lambda i, a, k, n: ListVal(list(lst.items)) if lst.items is not None else Unknown())
    if attr in ("index", "count"):
        return Builtin("list." + attr, lambda i, a, k, n: Plain())
    return Unknown()


def dict_method(d: DictVal, attr: str) -> Any:
    if attr == "get":

        def get(interp, args, kwargs, node):
            key = args[0] if args else None
            default = args[1] if len(args) > 1 else None
            if isinstance(key, CONSTANT_TYPES):
                return d.d.get(key, default)
            return Unknown()

        return Builtin("dict.get", get)
    if attr in ("keys", "values", "items"):

        def view(interp, args, kwargs, node):
            if attr == "keys":
                return tuple(d.d.keys())
            if attr == "values":
                return tuple(v for _k, v in d.d.items())
            return tuple((k, v) for k, v in d.d.items())

        return Builtin("dict." + attr, view)
    return Unknown()


# ---------------------------------------------------------------- builtins


def _b_range(interp, args, kwargs, node):
    if args and all(isinstance(a, int) and not isinstance(a, bool) for a in args) and len(args) <= 3:
        try:
            r = range(*args)
        except (TypeError, ValueError):
            return Unknown()
        if len(r) <= 10_000:
            return RangeVal(list(r))
    return Unknown()


def _b_len(interp, args, kwargs, node):
    items = iterate(args[0]) if args else None
    return len(items) if items is not None else Unknown()


def _b_sum(interp, args, kwargs, node):
    """sum(): numbers add up; tensors give a tensor depending on them all (gradients)."""
    values = iterate(args[0]) if args and not kwargs else None
    values = None if values is None else values + list(args[1:2])
    if values is not None and any(isinstance(v, TFObject) for v in values):
        return combine(*values)
    numbers = values is not None and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    return sum(values) if numbers and values is not None else Unknown()


def _b_str(interp, args, kwargs, node):
    return to_str(args[0]) if args else ""


def _b_int(interp, args, kwargs, node):
    if args and isinstance(args[0], (int, float, str)) and not isinstance(args[0], bool):
        try:
            return int(args[0])
        except ValueError:
            return Unknown()
    return Unknown()


def _b_enumerate(interp, args, kwargs, node):
    if args and isinstance(args[0], Plain):
        return Plain()
    items = iterate(args[0]) if args else None
    start = args[1] if len(args) > 1 else kwargs.get("start", 0)
    if items is None or not isinstance(start, int):
        return Unknown()
    return tuple((i + start, v) for i, v in enumerate(items))


def _b_zip(interp, args, kwargs, node):
    lists = [iterate(a) for a in args]
    if any(items is None for items in lists):
        return Unknown()
    return tuple(zip(*lists))


def _b_list(interp, args, kwargs, node):
    if not args:
        return ListVal([])
    items = iterate(args[0])
    return ListVal(items) if items is not None else Unknown()


def _b_tuple(interp, args, kwargs, node):
    if not args:
        return ()
    items = iterate(args[0])
    return tuple(items) if items is not None else Unknown()


def _b_print(interp, args, kwargs, node):
    return None


def _b_super(interp, args, kwargs, node):
    frame_func = interp.active_func_value()
    if frame_func is not None and frame_func[0].owner is not None:
        return SuperRef(frame_func[0].owner, frame_func[1])
    return Unknown()


def _b_isinstance(interp, args, kwargs, node):
    return Unknown()


def _b_bool(interp, args, kwargs, node):
    t = truthiness(args[0]) if args else False
    return Unknown() if t is None else t


def _b_reversed(interp, args, kwargs, node):
    items = iterate(args[0]) if args else None
    return tuple(reversed(items)) if items is not None else Unknown()


def _b_minmax(fn):
    def impl(interp, args, kwargs, node):
        vals = args if len(args) > 1 else (iterate(args[0]) if args else None)
        if vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            return fn(vals)
        return Unknown()

    return impl


BUILTINS = {
    "range": Builtin("range", _b_range),
    "xrange": Builtin("range", _b_range),
    "len": Builtin("len", _b_len),
    "sum": Builtin("sum", _b_sum),
    "str": Builtin("str", _b_str),
    "int": Builtin("int", _b_int),
    "enumerate": Builtin("enumerate", _b_enumerate),
    "zip": Builtin("zip", _b_zip),
    "list": Builtin("list", _b_list),
    "tuple": Builtin("tuple", _b_tuple),
    "print": Builtin("print", _b_print),
    "super": Builtin("super", _b_super),
    "isinstance": Builtin("isinstance", _b_isinstance),
    "bool": Builtin("bool", _b_bool),
    "reversed": Builtin("reversed", _b_reversed),
    "min": Builtin("min", _b_minmax(min)),
    "max": Builtin("max", _b_minmax(max)),
    "object": ModuleRef("builtins.object"),
}

for _name in (
    *("bytes", "bytearray", "frozenset", "slice", "complex"),
    *("float", "abs", "round", "sorted", "repr", "type", "hasattr", "getattr", "setattr", "any", "all"),
    *("iter", "next", "open", "dict", "set", "map", "filter", "format", "hash", "id", "input", "divmod"),
    *("pow", "vars", "dir", "callable", "chr", "ord", "hex", "bin", "oct"),
    *("Exception", "ValueError", "TypeError", "KeyError", "RuntimeError", "NotImplementedError"),
    *("AssertionError", "AttributeError", "IndexError", "StopIteration"),
):
    BUILTINS.setdefault(_name, ModuleRef("builtins." + _name))
