"""Expressions: constants, names, attributes, subscripts, comprehensions,
operators and calls, evaluated to symbolic values (the operators and
builtins themselves are in pyruntime.py). Mixed into the Interpreter."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Optional

import libcst as cst

from scopelint.engine import dispatch
from scopelint.engine.frame import MAX_UNROLL, Frame
from scopelint.engine.gradients import combine
from scopelint.engine.objects import (
    BoundMethod,
    Builtin,
    ClassVal,
    DictVal,
    FuncVal,
    Instance,
    ListVal,
    ModuleRef,
    SuperRef,
    TFObject,
    TFRef,
    module_attribute,
)
from scopelint.engine.project_modules import ProjectModule
from scopelint.engine.pyruntime import (
    CMPOPS,
    CONSTANT_TYPES,
    binop,
    dict_method,
    format_one,
    identity,
    iterate,
    list_method,
    literal,
    str_method,
    to_str,
    truthiness,
)
from scopelint.engine.shapes import NoneDim
from scopelint.engine.values import MAX_ITEMS, MISSING, JDict, Plain, SymStr, Unknown, is_text, sym

# Tensor operators with a gradient (`//`, `%` and the bitwise ones have none).
_GRADIENT_OPERATORS = (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.MatrixMultiply, cst.Power)

# type(node) -> its eval_ method (unbound), or _walk_unknown.
_EVALUATORS: dict = {}


def _walk_unknown(self: Any, node: Any, frame: Any) -> Any:
    self.walk_unknown(node, frame)
    return Unknown()


_FIELDS: dict = {}  # type(node) -> names of its dataclass fields


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


class ExpressionEvaluator:
    """Mixed into the Interpreter: evaluate(node, frame) -> symbolic value."""

    if TYPE_CHECKING:  # provided by the Interpreter and StatementRunner
        stable_values: JDict

        def lookup(self, name: str, frame: Frame) -> Any: ...

        def assign(self, target: Any, value: Any, frame: Frame) -> None: ...

        def branches(self, runners: list) -> None: ...

        def run_paths(self, runners: list) -> bool: ...

        def call(self, callee: Any, args: list, kwargs: dict, node: Any, *, unknown_star: bool = False) -> Any: ...

        def call_function(
            self, func: FuncVal, args: list, kwargs: dict, site: Any, *, unknown_args: bool = False
        ) -> Any: ...

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
            elif isinstance(part, cst.FormattedStringExpression):
                value = self.evaluate(part.expression, frame)
                if part.format_spec or part.conversion:
                    spec = "".join(p.value for p in (part.format_spec or []) if isinstance(p, cst.FormattedStringText))
                    pieces.append(format_one(value, spec, part.conversion))
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
                items = iterate(value)
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
                if isinstance(key, CONSTANT_TYPES):
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
        return _operate(type(node.operator), left, right)

    def eval_augassign(self, node: cst.AugAssign, frame: Any) -> Any:
        left = self.evaluate(node.target, frame)
        right = self.evaluate(node.value, frame)
        op = _AUGMENTED.get(type(node.operator))
        if op is None:
            return Unknown()
        if isinstance(left, TFObject) or isinstance(right, TFObject):
            return _operate(op, left, right)  # `loss += reg`: a new tensor
        if op is cst.Add and isinstance(left, ListVal):
            items = iterate(right)
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
        if isinstance(value, TFObject) and isinstance(node.operator, cst.Minus):
            return combine(value)
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
        data = isinstance(left, (Plain, TFObject))  # an array or tensor compared: data, not code
        for target in node.comparisons:
            right = self.evaluate(target.comparator, frame)
            data = data or isinstance(right, (Plain, TFObject))
            op = type(target.operator)
            if op not in (cst.Is, cst.IsNot, cst.In, cst.NotIn) and (
                isinstance(left, NoneDim) or isinstance(right, NoneDim)
            ):
                return None  # TF1's Dimension(None) compares as None (falsy) with anything
            if op in (cst.Is, cst.IsNot):
                same = identity(left, right)
                r = same if same is None or op is cst.Is else (not same)
            elif op in (cst.In, cst.NotIn):
                items = iterate(right) if not isinstance(right, str) else None
                if isinstance(right, str) and isinstance(left, str):
                    r = left in right
                elif (
                    items is not None
                    and all(isinstance(i, CONSTANT_TYPES) for i in items)
                    and isinstance(left, CONSTANT_TYPES)
                ):
                    r = left in items
                else:
                    r = None
                if r is not None and op is cst.NotIn:
                    r = not r
            elif (
                isinstance(left, (int, float, str))
                and isinstance(right, type(left))
                or (isinstance(left, (int, float)) and isinstance(right, (int, float)))
            ):
                try:
                    r = CMPOPS[op](left, right)
                except (TypeError, KeyError):
                    r = None
            elif (
                op in (cst.Equal, cst.NotEqual)
                and isinstance(left, CONSTANT_TYPES)
                and isinstance(right, CONSTANT_TYPES)
            ):
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
        return (
            Unknown()
            if len(holder) != 2 or holder[0] != holder[1] or not isinstance(holder[0], CONSTANT_TYPES)
            else holder[0]
        )

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
        out = self._comprehension(
            node.for_in, frame, lambda f: (self.evaluate(node.key, f), self.evaluate(node.value, f))
        )
        if out is None or not all(isinstance(k, CONSTANT_TYPES) for k, _v in out):
            return Unknown()
        return DictVal(dict(out))  # a Saver's {key: variable} map

    def _comprehension(self, comp: Any, frame: Any, elt: Any) -> Optional[list]:
        """Run a comprehension eagerly; None when its length is unknown."""
        inner = Frame(frame)
        inner.declared_global = set()
        out: list = []
        known_len = [True]

        def run(c: Any) -> None:
            items = iterate(self.evaluate(c.iter, inner))
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

    def _sequence_slice(self, value: Any, sl: cst.Slice, frame: Any) -> Any:
        """`seq[a:b:c]` of a known list, tuple or string (`shape.as_list()[1:]`)."""
        bounds = [None if p is None else self.evaluate(p, frame) for p in (sl.lower, sl.upper, sl.step)]
        if isinstance(value, Plain):
            return Plain()
        if not all(b is None or (isinstance(b, int) and not isinstance(b, bool)) for b in bounds) or bounds[2] == 0:
            return Unknown()
        cut = slice(*bounds)
        if isinstance(value, ListVal):
            return ListVal(list(value.items[cut])) if value.items is not None else Unknown()
        if isinstance(value, (tuple, str)):
            return value[cut]
        return Unknown()

    def _tensor_subscript(self, value: Any, node: cst.Subscript, frame: Any) -> Any:
        items: list = []
        for element in node.slice:
            s = element.slice
            if isinstance(s, cst.Index):
                items.append(Ellipsis if isinstance(s.value, cst.Ellipsis) else self.evaluate(s.value, frame))
            elif isinstance(s, cst.Slice):
                parts = (s.lower, s.upper, s.step)
                items.append(slice(*(None if p is None else self.evaluate(p, frame) for p in parts)))
            else:
                return Unknown()
        result = dispatch.subscript(value, items)
        return Unknown() if result is NotImplemented else result

    def eval_Subscript(self, node: cst.Subscript, frame: Any) -> Any:
        value = self.evaluate(node.value, frame)
        if isinstance(value, TFObject):
            return self._tensor_subscript(value, node, frame)
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice):
            return self._sequence_slice(value, node.slice[0].slice, frame)
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
            return value.d.get(index, Unknown()) if isinstance(index, CONSTANT_TYPES) else Unknown()
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
                if isinstance(index, CONSTANT_TYPES):
                    obj.d[index] = value
                else:
                    for k in list(obj.d.keys()):
                        obj.d[k] = Unknown()
                return
            if (
                isinstance(obj, ListVal)
                and obj.items is not None
                and isinstance(index, int)
                and -len(obj.items) <= index < len(obj.items)
            ):
                items = list(obj.items)
                items[index] = value
                obj.f["items"] = tuple(items)
                return
        if isinstance(obj, ListVal):
            obj.f["items"] = Unknown()

    # ------------------------------------------------------------ attributes

    def eval_Attribute(self, node: cst.Attribute, frame: Any) -> Any:
        return self.get_attribute(self.evaluate(node.value, frame), node.attr.value, node)

    def stable(self, key: Any) -> Any:
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
            return dispatch.attribute(obj, attr)
        if isinstance(obj, ModuleRef):
            return module_attribute(obj, attr)
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
            return found if found is not None else Unknown()
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
            return list_method(obj, attr)
        if isinstance(obj, DictVal):
            return dict_method(obj, attr)
        if isinstance(obj, (str, SymStr)):
            method = str_method(obj, attr)
            return Plain() if isinstance(method, Unknown) else method
        if isinstance(obj, tuple):
            # A static shape (`x.get_shape()`) is a tuple here: TensorShape's API.
            if attr == "as_list":
                return Builtin(
                    "TensorShape.as_list",
                    lambda i, a, k, n: ListVal([None if isinstance(d, NoneDim) else d for d in obj]),
                )
            if attr == "ndims":
                return len(obj)
            return Plain()
        if isinstance(obj, (int, float, bool, type(None))):
            # Dimension.value of a static dimension (an int, or None)
            return obj if attr == "value" and not isinstance(obj, (bool, float)) else Plain()
        return dispatch.object_attribute(self, obj, attr, node)  # type: ignore[arg-type]

    # ------------------------------------------------------------ calls

    def eval_Call(self, node: cst.Call, frame: Any) -> Any:
        callee = self.evaluate(node.func, frame)
        args: list = []
        kwargs: dict = {}
        unknown_star = False
        for arg in node.args:
            value = self.evaluate(arg.value, frame)
            if arg.star == "*":
                items = iterate(value)
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


_AUGMENTED = {cst.AddAssign: cst.Add, cst.SubtractAssign: cst.Subtract, cst.MultiplyAssign: cst.Multiply}
_AUGMENTED.update({cst.ModuloAssign: cst.Modulo, cst.FloorDivideAssign: cst.FloorDivide})


def _operate(op: type, left: Any, right: Any) -> Any:
    """`left <op> right`; tensor arithmetic keeps what it depends on (gradients) and its shape."""
    if not (isinstance(left, TFObject) or isinstance(right, TFObject)):
        return binop(op, left, right)
    grad = op in _GRADIENT_OPERATORS and not (is_text(left) or is_text(right))
    result = dispatch.operator(op.__name__, left, right)
    tracked = combine(left, right) if grad else None
    if result is NotImplemented:
        return tracked if tracked is not None else binop(op, left, right)
    if tracked is not None and isinstance(result, TFObject):
        result.deps, result.op = tracked.deps, result.op if result.op is not None else tracked.op
    return result
