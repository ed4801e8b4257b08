"""Expressions: constants, names, attributes, calls, string formatting and
the little arithmetic that scope names and reuse flags are made of."""

from __future__ import annotations

import ast
import dataclasses
import operator
import re
from typing import Any, Optional

import libcst as cst

from scopelint.engine import tfapi
from scopelint.engine.model import VarScope
from scopelint.engine.objects import (
    BoundMethod,
    Builtin,
    ClassVal,
    DictVal,
    FuncVal,
    GraphObj,
    Instance,
    ListVal,
    ModuleRef,
    PartialVal,
    SuperRef,
    TFObject,
    TFRef,
)
from scopelint.engine.project_modules import ProjectModule
from scopelint.engine.values import (
    AUTO_REUSE,
    MISSING,
    Plain,
    MAX_ITEMS,
    MAX_TEXT,
    SymStr,
    Unknown,
    is_text,
    is_unknown,
    sym,
)

_CONSTANT_TYPES = (str, int, float, bool, type(None))


def truthiness(value: Any) -> Optional[bool]:
    if isinstance(value, (Unknown, SymStr)):
        return None if isinstance(value, Unknown) else True
    if isinstance(value, _CONSTANT_TYPES + (tuple,)):
        return bool(value)
    if isinstance(value, ListVal):
        return None if value.items is None else bool(value.items)
    if value is AUTO_REUSE:
        return True
    if isinstance(value, (FuncVal, ClassVal, Instance, VarScope, BoundMethod, TFRef, ProjectModule, PartialVal)):
        return True
    return None


_BINOPS = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.FloorDivide: operator.floordiv,
    cst.Modulo: operator.mod,
    cst.Power: operator.pow,
    cst.Divide: operator.truediv,
}

_CMPOPS = {
    cst.LessThan: operator.lt,
    cst.GreaterThan: operator.gt,
    cst.LessThanEqual: operator.le,
    cst.GreaterThanEqual: operator.ge,
    cst.Equal: operator.eq,
    cst.NotEqual: operator.ne,
}


# type(node) -> its eval_ method (unbound), or _walk_unknown.
_EVALUATORS: dict = {}


def _walk_unknown(self: Any, node: Any, frame: Any) -> Any:
    self.walk_unknown(node, frame)
    return Unknown()


_FIELDS: dict = {}


def _child_nodes(node: Any) -> list:
    """The node's direct children in field order (libcst's `children`
    property re-visits the node to collect them: far slower)."""
    names = _FIELDS.get(type(node))
    if names is None:
        names = _FIELDS[type(node)] = tuple(f.name for f in dataclasses.fields(node))
    out: list = []
    for name in names:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            out.append(value)
        elif isinstance(value, (tuple, list)):
            out.extend(v for v in value if isinstance(v, cst.CSTNode))
    return out


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


class ExpressionEvaluator:
    """Mixed into the Interpreter: evaluate(node, frame) -> symbolic value."""

    def evaluate(self, node: Any, frame: Any) -> Any:
        method = _EVALUATORS.get(type(node))
        if method is None:
            method = _EVALUATORS[type(node)] = getattr(type(self), "eval_" + type(node).__name__, _walk_unknown)
        return method(self, node, frame)

    def walk_unknown(self, node: Any, frame: Any) -> None:
        """An expression we do not model: still follow the calls inside it."""
        for child in _child_nodes(node):
            if isinstance(child, cst.BaseExpression):
                self.evaluate(child, frame)
            elif isinstance(child, (cst.Arg, cst.Element, cst.DictElement, cst.StarredDictElement)):
                for c in _child_nodes(child):
                    if isinstance(c, cst.BaseExpression):
                        self.evaluate(c, frame)

    # ------------------------------------------------------------ atoms

    def eval_Integer(self, node: cst.Integer, frame: Any) -> Any:
        return literal(node.value)

    def eval_Float(self, node: cst.Float, frame: Any) -> Any:
        return literal(node.value)

    def eval_Imaginary(self, node: Any, frame: Any) -> Any:
        return Unknown()

    def eval_SimpleString(self, node: cst.SimpleString, frame: Any) -> Any:
        value = literal(node.value)
        return value if isinstance(value, str) else Unknown()

    def eval_ConcatenatedString(self, node: cst.ConcatenatedString, frame: Any) -> Any:
        left = self.evaluate(node.left, frame)
        right = self.evaluate(node.right, frame)
        if is_text(left) and is_text(right):
            return sym(left, right)
        return Unknown()

    def eval_FormattedString(self, node: cst.FormattedString, frame: Any) -> Any:
        pieces: list = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                pieces.append(part.value.replace("{{", "{").replace("}}", "}"))
            else:
                value = self.evaluate(part.expression, frame)
                if part.format_spec or part.conversion:
                    spec = "".join(p.value for p in (part.format_spec or []) if isinstance(p, cst.FormattedStringText))
                    pieces.append(_format_one(value, spec, part.conversion))
                else:
                    pieces.append(to_str(value))
        return sym(*pieces)

    def eval_Name(self, node: cst.Name, frame: Any) -> Any:
        if node.value in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.value]
        return self.lookup(node.value, frame)

    def eval_Tuple(self, node: cst.Tuple, frame: Any) -> Any:
        return self._elements(node.elements, frame, tuple)

    def eval_List(self, node: cst.List, frame: Any) -> Any:
        items = self._elements(node.elements, frame, list)
        return ListVal(items) if isinstance(items, list) else Unknown()

    def eval_Set(self, node: Any, frame: Any) -> Any:
        self._elements(node.elements, frame, list)
        return Unknown()

    def _elements(self, elements: Any, frame: Any, kind: Any) -> Any:
        out: list = []
        ok = True
        for el in elements:
            value = self.evaluate(el.value, frame)
            if isinstance(el, cst.StarredElement):
                items = self.iterate(value)
                if items is None:
                    ok = False
                else:
                    out.extend(items)
            else:
                out.append(value)
        return kind(out) if ok else Unknown()

    def eval_Dict(self, node: cst.Dict, frame: Any) -> Any:
        items: dict = {}
        ok = True
        for el in node.elements:
            if isinstance(el, cst.DictElement):
                key = self.evaluate(el.key, frame)
                value = self.evaluate(el.value, frame)
                if isinstance(key, _CONSTANT_TYPES):
                    items[key] = value
                else:
                    ok = False
            else:
                self.evaluate(el.value, frame)
                ok = False
        return DictVal(items) if ok else Unknown()

    # ------------------------------------------------------------ operators

    def eval_BinaryOperation(self, node: cst.BinaryOperation, frame: Any) -> Any:
        left = self.evaluate(node.left, frame)
        right = self.evaluate(node.right, frame)
        return binop(type(node.operator), left, right)

    def eval_augassign(self, node: cst.AugAssign, frame: Any) -> Any:
        left = self.evaluate(node.target, frame)
        right = self.evaluate(node.value, frame)
        op = {
            cst.AddAssign: cst.Add,
            cst.SubtractAssign: cst.Subtract,
            cst.MultiplyAssign: cst.Multiply,
            cst.ModuloAssign: cst.Modulo,
            cst.FloorDivideAssign: cst.FloorDivide,
        }.get(type(node.operator))
        if op is None:
            return Unknown()
        if op is cst.Add and isinstance(left, ListVal):
            items = self.iterate(right)
            if items is None or left.items is None or len(left.items) + len(items) > MAX_ITEMS:
                left.f["items"] = Unknown()
                return left
            left.f["items"] = left.items + tuple(items)
            return left
        return binop(op, left, right)

    def eval_UnaryOperation(self, node: cst.UnaryOperation, frame: Any) -> Any:
        value = self.evaluate(node.expression, frame)
        if isinstance(node.operator, cst.Not):
            t = truthiness(value)
            return Unknown() if t is None else (not t)
        if isinstance(value, Plain):
            return Plain()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(node.operator, cst.Minus):
                return -value
            if isinstance(node.operator, cst.Plus):
                return value
        return Unknown()

    def eval_BooleanOperation(self, node: cst.BooleanOperation, frame: Any) -> Any:
        left = self.evaluate(node.left, frame)
        t = truthiness(left)
        is_and = isinstance(node.operator, cst.And)
        if t is None:
            self.evaluate(node.right, frame)
            return Unknown()
        if is_and:
            return self.evaluate(node.right, frame) if t else left
        return left if t else self.evaluate(node.right, frame)

    def eval_Comparison(self, node: cst.Comparison, frame: Any) -> Any:
        left = self.evaluate(node.left, frame)
        result: Any = True
        unknown_seen = False
        data = isinstance(left, Plain)  # an array compared: an array, not code
        for target in node.comparisons:
            right = self.evaluate(target.comparator, frame)
            data = data or isinstance(right, Plain)
            op = type(target.operator)
            if op in (cst.Is, cst.IsNot):
                same = _identity(left, right)
                r = same if same is None or op is cst.Is else (not same)
            elif op in (cst.In, cst.NotIn):
                items = self.iterate(right) if not isinstance(right, str) else None
                if isinstance(right, str) and isinstance(left, str):
                    r = left in right
                elif items is not None and all(isinstance(i, _CONSTANT_TYPES) for i in items) and isinstance(left, _CONSTANT_TYPES):
                    r = left in items
                else:
                    r = None
                if r is not None and op is cst.NotIn:
                    r = not r
            elif isinstance(left, (int, float, str)) and isinstance(right, type(left)) or (
                isinstance(left, (int, float)) and isinstance(right, (int, float))
            ):
                try:
                    r = _CMPOPS[op](left, right)
                except (TypeError, KeyError):
                    r = None
            elif op in (cst.Equal, cst.NotEqual) and isinstance(left, _CONSTANT_TYPES) and isinstance(right, _CONSTANT_TYPES):
                r = left == right if op is cst.Equal else left != right
            else:
                r = None
            if r is None:
                unknown_seen = True
            elif r is False:
                return False
            left = right
        if unknown_seen:
            return Plain() if data else Unknown()
        return result

    def eval_IfExp(self, node: cst.IfExp, frame: Any) -> Any:
        t = truthiness(self.evaluate(node.test, frame))
        if t is True:
            return self.evaluate(node.body, frame)
        if t is False:
            return self.evaluate(node.orelse, frame)
        holder: list = []

        self.branches(
            [
                lambda: holder.append(self.evaluate(node.body, frame)),
                lambda: holder.append(self.evaluate(node.orelse, frame)),
            ]
        )
        return Unknown() if len(holder) != 2 or holder[0] != holder[1] or not isinstance(holder[0], _CONSTANT_TYPES) else holder[0]

    def eval_NamedExpr(self, node: Any, frame: Any) -> Any:
        value = self.evaluate(node.value, frame)
        self.assign(node.target, value, frame)
        return value

    def eval_Lambda(self, node: cst.Lambda, frame: Any) -> Any:
        return FuncVal(node, frame, self.eval_defaults(node.params, frame), "<lambda>")

    def eval_defaults(self, params: cst.Parameters, frame: Any) -> dict:
        defaults = {}
        for p in list(params.posonly_params) + list(params.params) + list(params.kwonly_params):
            if p.default is not None:
                defaults[p.name.value] = self.evaluate(p.default, frame)
        return defaults

    # ------------------------------------------------------------ comprehensions

    def eval_ListComp(self, node: Any, frame: Any) -> Any:
        out = self._comprehension(node.for_in, frame, lambda f: self.evaluate(node.elt, f))
        return ListVal(out) if out is not None else Unknown()

    def eval_GeneratorExp(self, node: Any, frame: Any) -> Any:
        out = self._comprehension(node.for_in, frame, lambda f: self.evaluate(node.elt, f))
        return tuple(out) if out is not None else Unknown()

    def eval_SetComp(self, node: Any, frame: Any) -> Any:
        self._comprehension(node.for_in, frame, lambda f: self.evaluate(node.elt, f))
        return Unknown()

    def eval_DictComp(self, node: Any, frame: Any) -> Any:
        self._comprehension(node.for_in, frame, lambda f: (self.evaluate(node.key, f), self.evaluate(node.value, f)))
        return Unknown()

    def _comprehension(self, comp: Any, frame: Any, elt: Any) -> Optional[list]:
        """Run a comprehension eagerly; None when its length is unknown."""
        from scopelint.engine.interpreter import Frame, MAX_UNROLL

        inner = Frame(frame)
        inner.declared_global = set()
        out: list = []
        known_len = [True]

        def run(c: Any) -> None:
            items = self.iterate(self.evaluate(c.iter, inner))
            if items is None or len(items) > MAX_UNROLL:
                known_len[0] = False

                def once() -> None:
                    self.assign(c.target, Unknown(), inner)
                    body(c)

                self.run_paths([once, lambda: None])
                return
            for item in items:
                self.assign(c.target, item, inner)
                body(c)

        def body(c: Any) -> None:
            conds = [truthiness(self.evaluate(cond.test, inner)) for cond in c.ifs]
            if any(t is False for t in conds):
                return
            if any(t is None for t in conds):
                known_len[0] = False
            if c.inner_for_in is not None:
                run(c.inner_for_in)
            else:
                out.append(elt(inner))

        run(comp)
        return out if known_len[0] else None

    # ------------------------------------------------------------ subscripts

    def eval_Subscript(self, node: cst.Subscript, frame: Any) -> Any:
        value = self.evaluate(node.value, frame)
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            for s in node.slice:
                self.walk_unknown(s.slice, frame)
            return Plain() if isinstance(value, Plain) else Unknown()
        index = self.evaluate(node.slice[0].slice.value, frame)
        if isinstance(value, Plain):
            return self.stable((value, "[]", index)) if isinstance(index, (int, str)) else Plain()
        if isinstance(value, ModuleRef) and value.data_only and isinstance(index, (int, str)):
            return self.stable((value.qual, "[]", index))  # sys.argv[1]
        if isinstance(value, DictVal):
            return value.d.get(index, Unknown()) if isinstance(index, _CONSTANT_TYPES) else Unknown()
        items = value.items if isinstance(value, ListVal) else value if isinstance(value, (tuple, str)) else None
        if items is not None and isinstance(index, int) and not isinstance(index, bool):
            try:
                return items[index]
            except IndexError:
                return Unknown()
        return Unknown()

    def assign_subscript(self, target: cst.Subscript, value: Any, frame: Any) -> None:
        obj = self.evaluate(target.value, frame)
        if len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
            index = self.evaluate(target.slice[0].slice.value, frame)
            if isinstance(obj, DictVal):
                if isinstance(index, _CONSTANT_TYPES):
                    obj.d[index] = value
                else:
                    for k in list(obj.d.keys()):
                        obj.d[k] = Unknown()
                return
            if isinstance(obj, ListVal) and obj.items is not None and isinstance(index, int) and -len(obj.items) <= index < len(obj.items):
                items = list(obj.items)
                items[index] = value
                obj.f["items"] = tuple(items)
                return
        if isinstance(obj, ListVal):
            obj.f["items"] = Unknown()

    # ------------------------------------------------------------ attributes

    def eval_Attribute(self, node: cst.Attribute, frame: Any) -> Any:
        obj = self.evaluate(node.value, frame)
        return self.get_attribute(obj, node.attr.value, node)

    def stable(self, key: Any) -> Plain:
        """The one unknown data value read from `key` (the same attribute of
        the same object, `sys.argv[1]`, `FLAGS.scope`): read twice, it is the
        same value, so names built from it compare equal."""
        value = self.stable_values.get(key, MISSING)
        if value is MISSING:
            value = Plain()
            self.stable_values[key] = value
        return value

    def flag_value(self, value: Any) -> Any:
        """A value read from a module (`FLAGS.scope` of absl or tf.app.flags)
        handed to TF: an unknown string, the same at every read."""
        if isinstance(value, ModuleRef) and value.data_only and "." in value.qual:
            return self.stable(("module value", value.qual))
        if isinstance(value, TFRef) and ".flags.FLAGS." in value.qual:
            return self.stable(("module value", value.qual))
        return value

    def get_attribute(self, obj: Any, attr: str, node: Any) -> Any:
        if isinstance(obj, Plain):
            return self.stable((obj, attr))
        if isinstance(obj, TFRef):
            return tfapi.attribute(obj, attr)
        if isinstance(obj, ModuleRef):
            return ModuleRef(f"{obj.qual}.{attr}")
        if isinstance(obj, ProjectModule):
            value = obj.env.get(attr, MISSING)
            return Unknown() if value is MISSING else value
        if isinstance(obj, Instance):
            if attr in obj.attrs:
                return obj.attrs[attr]
            found = obj.cls.lookup(attr)
            if isinstance(found, FuncVal):
                if found.kind == "staticmethod":
                    return found
                if found.kind == "classmethod":
                    return BoundMethod(found, obj.cls)
                if found.kind == "property":
                    return self.call_function(found, [obj], {}, node)
                return BoundMethod(found, obj)
            if found is not None:
                return found
            lib = tfapi.instance_attribute(self, obj, attr)
            return lib if lib is not None else Unknown()
        if isinstance(obj, ClassVal):
            found = obj.lookup(attr)
            if isinstance(found, FuncVal) and found.kind == "classmethod":
                return BoundMethod(found, obj)
            return found if found is not None else Unknown()
        if isinstance(obj, SuperRef):
            for cls in obj.cls.mro()[1:]:
                if attr in cls.attrs:
                    found = cls.attrs[attr]
                    if isinstance(found, FuncVal) and found.kind not in ("staticmethod",):
                        return BoundMethod(found, obj.self_value)
                    return found
            return Unknown()
        if isinstance(obj, ListVal):
            return _list_method(obj, attr)
        if isinstance(obj, DictVal):
            return _dict_method(obj, attr)
        if isinstance(obj, (str, SymStr)):
            method = _str_method(obj, attr)
            return Plain() if isinstance(method, Unknown) else method
        if isinstance(obj, tuple):
            # A static shape (`x.get_shape()`) is a tuple here: TensorShape's API.
            if attr == "as_list":
                return Builtin("TensorShape.as_list", lambda i, a, k, n: ListVal(list(obj)))
            if attr == "ndims":
                return len(obj)
            return Plain()
        if isinstance(obj, (int, float, bool, type(None))):
            # Dimension.value of a static dimension (an int, or None)
            return obj if attr == "value" and not isinstance(obj, (bool, float)) else Plain()
        return tfapi.object_attribute(self, obj, attr, node)

    # ------------------------------------------------------------ calls

    def eval_Call(self, node: cst.Call, frame: Any) -> Any:
        callee = self.evaluate(node.func, frame)
        args: list = []
        kwargs: dict = {}
        unknown_star = False
        for arg in node.args:
            value = self.evaluate(arg.value, frame)
            if arg.star == "*":
                items = self.iterate(value)
                if items is None:
                    unknown_star = True
                else:
                    args.extend(items)
            elif arg.star == "**":
                if isinstance(value, DictVal) and all(isinstance(k, str) for k in value.d.keys()):
                    kwargs.update(value.d.data)
                else:
                    unknown_star = True
            elif arg.keyword is not None:
                kwargs[arg.keyword.value] = value
            else:
                args.append(value)
        return self.call(callee, args, kwargs, node, unknown_star=unknown_star)

    def call(self, callee: Any, args: list, kwargs: dict, node: Any, *, unknown_star: bool = False) -> Any:
        self.tick()
        if isinstance(callee, TFRef):
            if unknown_star:
                # Arguments we cannot see: the call may create anything.
                self.graph.open_store()
                return TFObject()
            args = [self.flag_value(a) for a in args]
            kwargs = {k: self.flag_value(v) for k, v in kwargs.items()}
            return tfapi.call(self, callee, args, kwargs, node)
        if isinstance(callee, Builtin):
            return callee.impl(self, args, kwargs, node)
        if unknown_star:
            return self.unknown_call(args, kwargs)
        if isinstance(callee, FuncVal):
            return self.call_function(callee, args, kwargs, node)
        if isinstance(callee, BoundMethod):
            return self.call_function(callee.func, [callee.self_value] + args, kwargs, node)
        if isinstance(callee, ClassVal):
            return self.instantiate(callee, args, kwargs, node)
        if isinstance(callee, Instance):
            method = callee.cls.lookup("__call__")
            if isinstance(method, FuncVal):
                return self.call_function(method, [callee] + args, kwargs, node)
        if isinstance(callee, ModuleRef) and callee.qual == "functools.partial" and args:
            return PartialVal(args[0], tuple(args[1:]), dict(kwargs))
        if isinstance(callee, PartialVal):
            return self.call(callee.func, list(callee.args) + list(args), {**callee.kwargs, **kwargs}, node)
        if isinstance(callee, ModuleRef) and callee.pure:
            if callee.qual.startswith("absl.app.run") or callee.qual.startswith("absl.app"):
                return self.run_main(args, kwargs, node)
            for v in list(args) + list(kwargs.values()):
                self.escape(v)
            # Only data in, so only data out (a partial of a builder is not).
            return Plain() if not _carries_code(args, kwargs, strict=not callee.data_only) else Unknown()
        if isinstance(callee, Plain):
            # A method of a numpy array, a DataFrame, a file...: inert unless
            # it is handed code it may run (`df.apply(build)`).
            return Plain() if not _carries_code(args, kwargs, strict=False) else self.unknown_call(args, kwargs)
        result = tfapi.call_object(self, callee, args, kwargs, node)
        if result is not NotImplemented:
            return result
        return self.unknown_call(args, kwargs)

    def unknown_call(self, args: list, kwargs: dict) -> Any:
        """A call we cannot see into: it may create variables."""
        self.graph.open_store()
        for v in list(args) + list(kwargs.values()):
            self.escape(v)
        return Unknown()

    def escape(self, value: Any) -> None:
        """A function handed to code we cannot see is analysed alone later."""
        return None

    def run_main(self, args: list, kwargs: dict, node: Any) -> Any:
        main = kwargs.get("main", args[0] if args else None)
        if main is None:
            main = self.module_frame.env.get("main")
        if isinstance(main, FuncVal):
            self.call_function(main, [Unknown()], {}, node)
        return None

    def instantiate(self, cls: ClassVal, args: list, kwargs: dict, node: Any) -> Any:
        inst = Instance(cls)
        init = cls.lookup("__init__")
        if isinstance(init, FuncVal):
            self.call_function(init, [inst] + list(args), kwargs, node)
        elif not cls.fully_known:
            tfapi.instantiate_foreign_base(self, inst, args, kwargs, node)
        return inst

    def iterate(self, value: Any) -> Optional[list]:
        """The items of a value we can enumerate, else None."""
        if isinstance(value, tuple):
            return list(value)
        if isinstance(value, ListVal):
            return None if value.items is None else list(value.items)
        if isinstance(value, str):
            return list(value)
        if isinstance(value, DictVal):
            return list(value.d.keys())
        if isinstance(value, _RangeVal):
            return value.items
        return None

    def builtin(self, name: str) -> Any:
        b = BUILTINS.get(name)
        return b if b is not None else Unknown()


# ---------------------------------------------------------------- helpers


class _RangeVal:
    __slots__ = ("items",)

    def __init__(self, items: list):
        self.items = items


def _identity(a: Any, b: Any) -> Optional[bool]:
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool) or a is AUTO_REUSE or b is AUTO_REUSE:
        if isinstance(a, Unknown) or isinstance(b, Unknown):
            return None
        return a is b
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return None
    return a is b if not isinstance(a, _CONSTANT_TYPES) else None


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


def _format_one(value: Any, spec: str, conversion: Optional[str]) -> Any:
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
            pieces.append(v if isinstance(v, (str, SymStr, Plain)) and m.group().endswith("s") else (str(v) if isinstance(v, int) and not isinstance(v, bool) and m.group() in ("%d", "%s", "%i") else Unknown()))
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


def _carries_code(args: list, kwargs: dict, strict: bool) -> bool:
    """May a callee run code it is handed among these arguments (a
    function, a class, an object with methods, a library object)? With
    `strict`, an unknown value may be such code too."""
    budget = [200]

    def carries(v: Any) -> bool:
        budget[0] -= 1
        if budget[0] < 0:
            return True
        if isinstance(v, Plain) or isinstance(v, _CONSTANT_TYPES) or isinstance(v, (TFObject, SymStr)):
            return False
        if isinstance(v, Unknown):
            return strict
        if isinstance(v, tuple):
            return any(carries(i) for i in v)
        if isinstance(v, ListVal):
            return v.items is None or any(carries(i) for i in v.items)
        if isinstance(v, DictVal):
            return any(carries(i) for _k, i in v.d.items())
        # A module is data; functions, classes, objects, TF APIs are code.
        return not isinstance(v, ModuleRef)

    return any(carries(v) for v in list(args) + list(kwargs.values()))


def binop(op: Any, left: Any, right: Any) -> Any:
    if op is cst.Modulo and isinstance(left, (str, SymStr)):
        return percent_format(left, right) if isinstance(left, str) else Unknown()
    if op is cst.Add and (is_text(left) or isinstance(left, Plain)) and (is_text(right) or isinstance(right, Plain)) and (is_text(left) or is_text(right)):
        return sym(left, right)  # 'enc_' + FLAGS.name: an unknown part that keeps its identity
    if op is cst.Add and isinstance(left, tuple) and isinstance(right, tuple):
        return _sized(left + right)
    if op is cst.Add and isinstance(left, ListVal) and isinstance(right, ListVal):
        if left.items is None or right.items is None:
            return Unknown()
        return _sized(ListVal(list(left.items) + list(right.items)))
    if op is cst.Multiply and isinstance(left, ListVal) and isinstance(right, int) and 0 <= right <= 64:
        return _sized(ListVal(list(left.items) * right)) if left.items is not None else Unknown()
    if isinstance(left, (int, float)) and isinstance(right, (int, float)) and op in _BINOPS:
        if op is cst.Power and isinstance(right, int) and right > 64 and abs(left) > 1:
            return Unknown()  # past 10**12 anyway, and 2 ** 10 ** 10 would take minutes
        try:
            result = _BINOPS[op](left, right)
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
        return Plain()
    return Unknown()


def _str_method(s: Any, attr: str) -> Any:
    if attr == "format":
        def fmt(interp, args, kwargs, node):
            if isinstance(s, str) and _HUGE_FORMAT.search(s):
                return Unknown()
            if isinstance(s, str) and all(isinstance(v, (str, int, float, bool, type(None))) for v in list(args) + list(kwargs.values())):
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
    if attr in ("lower", "upper", "strip", "rstrip", "lstrip", "replace", "join", "split", "startswith", "endswith", "capitalize", "title"):
        def m(interp, args, kwargs, node):
            if isinstance(s, str) and all(isinstance(a, (str, int)) or isinstance(a, (tuple,)) for a in args):
                if attr == "join":
                    items = interp.iterate(args[0]) if args else None
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
    import string

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
        pieces.append(_format_one(v, spec or "", conv) if isinstance(v, (str, int, float, bool)) else (v if isinstance(v, (SymStr, Plain)) and not spec and not conv else Unknown()))
    return sym(*pieces)


def _list_method(lst: ListVal, attr: str) -> Any:
    if attr == "append":
        def append(interp, args, kwargs, node):
            if lst.items is not None:
                # Appending copies the tuple: past MAX_ITEMS, the contents are unknown.
                lst.f["items"] = lst.items + (args[0] if args else Unknown(),) if len(lst.items) < MAX_ITEMS else Unknown()
            return None

        return Builtin("list.append", append)
    if attr == "extend":
        def extend(interp, args, kwargs, node):
            items = interp.iterate(args[0]) if args else None
            if items is None or lst.items is None or len(lst.items) + len(items) > MAX_ITEMS:
                lst.f["items"] = Unknown()
                return None
            lst.f["items"] = lst.items + tuple(items)
            return None

        return Builtin("list.extend", extend)
    if attr in _LIST_MUTATORS:
        def mutate(interp, args, kwargs, node):
            if _carries_code(args, kwargs, strict=False):  # sort(key=f) calls f
                return interp.unknown_call(args, kwargs)
            lst.f["items"] = Unknown()
            return Unknown()

        return Builtin("list." + attr, mutate)
    if attr == "copy":
        return Builtin("list.copy", lambda interp, args, kwargs, node: ListVal(list(lst.items)) if lst.items is not None else Unknown())
    if attr in ("index", "count"):
        return Builtin("list." + attr, lambda interp, args, kwargs, node: Plain())
    return Unknown()


_LIST_MUTATORS = frozenset({"pop", "insert", "remove", "sort", "reverse", "clear"})


def _dict_method(d: DictVal, attr: str) -> Any:
    if attr == "get":
        def get(interp, args, kwargs, node):
            key = args[0] if args else None
            default = args[1] if len(args) > 1 else None
            if isinstance(key, _CONSTANT_TYPES):
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
            return _RangeVal(list(r))
    return Unknown()


def _b_len(interp, args, kwargs, node):
    items = interp.iterate(args[0]) if args else None
    return len(items) if items is not None else Unknown()


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
    items = interp.iterate(args[0]) if args else None
    start = args[1] if len(args) > 1 else kwargs.get("start", 0)
    if items is None or not isinstance(start, int):
        return Unknown()
    return tuple((i + start, v) for i, v in enumerate(items))


def _b_zip(interp, args, kwargs, node):
    lists = [interp.iterate(a) for a in args]
    if any(items is None for items in lists):
        return Unknown()
    return tuple(zip(*lists))


def _b_list(interp, args, kwargs, node):
    if not args:
        return ListVal([])
    items = interp.iterate(args[0])
    return ListVal(items) if items is not None else Unknown()


def _b_tuple(interp, args, kwargs, node):
    if not args:
        return ()
    items = interp.iterate(args[0])
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
    items = interp.iterate(args[0]) if args else None
    return tuple(reversed(items)) if items is not None else Unknown()


def _b_minmax(fn):
    def impl(interp, args, kwargs, node):
        vals = args if len(args) > 1 else (interp.iterate(args[0]) if args else None)
        if vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            return fn(vals)
        return Unknown()

    return impl


BUILTINS = {
    "range": Builtin("range", _b_range),
    "xrange": Builtin("range", _b_range),
    "len": Builtin("len", _b_len),
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

for _name in ("bytes", "bytearray", "frozenset", "slice", "complex", "float", "abs", "round", "sum", "sorted", "repr", "type", "hasattr", "getattr", "setattr", "any", "all", "iter", "next", "open", "dict", "set", "map", "filter", "format", "hash", "id", "input", "divmod", "pow", "vars", "dir", "callable", "chr", "ord", "hex", "bin", "oct", "Exception", "ValueError", "TypeError", "KeyError", "RuntimeError", "NotImplementedError", "AssertionError", "AttributeError", "IndexError", "StopIteration"):
    BUILTINS.setdefault(_name, ModuleRef("builtins." + _name))

