"""Random but valid TF1 scoping programs, for differential testing.

A program is built as a small IR (the dataclasses below) and rendered to
source text that starts with ``import tensorflow as tf``. The IR is built by
one generator, :class:`Gen`, from a stream of choices supplied by a
*chooser*:

* :func:`programs` (a hypothesis strategy) feeds the generator from
  hypothesis' ``draw``, so hypothesis shrinks structurally: every choice is
  ordered simplest-first, and removing a statement is removing the choices
  that made it.
* :func:`random_program` feeds it from a seeded ``random.Random``, for
  ``python -m tests.oracle.agreement`` (deterministic for a given seed, no
  hypothesis database involved).

The generator keeps the programs *valid*: a scope object (``as scN``) is only
used where it is certainly bound, loop variables and function parameters only
where they exist, the layer inputs ``x`` / ``seq`` are re-created whenever the
default graph changes, and graph changes only happen at module level. The only
exceptions a generated program should raise are TensorFlow's own scoping
errors (``ValueError`` from the variable store and ``variable_scope``).

:func:`minimize` shrinks a program with respect to any predicate, at IR level
(used to save small regressions from ``agreement.py``).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator, List, Optional, Sequence, Tuple, Union

# ----------------------------------------------------------------------------
# IR
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A string-valued expression used as a scope or variable name.

    kind: ``const`` (``'s'``), ``pct`` (``'s%d' % i``), ``fstr`` (``f's{i}'``),
    ``format`` (``'s{}'.format(i)``), ``plus`` (``'s' + str(i)``), ``param``
    (the function parameter ``scope_name``) or ``env`` (the module global
    ``SCOPE``, read from the environment: TF runs with its default ``base``,
    scopelint only knows that every use has the same value). ``arg`` is a loop
    variable, an int parameter name, or an int constant.
    """

    kind: str
    base: str = ""
    arg: Union[str, int, None] = None

    def render(self) -> str:
        if self.kind == "const":
            return repr(self.base)
        if self.kind == "param":
            return "scope_name"
        if self.kind == "env":
            return "SCOPE"
        a = self.arg
        if self.kind == "pct":
            return f"{self.base + '%d'!r} % {a}"
        if self.kind == "fstr":
            return "f" + repr(self.base + "{" + str(a) + "}")
        if self.kind == "format":
            return f"{self.base + '{}'!r}.format({a})"
        if self.kind == "plus":
            return f"{self.base!r} + str({a})"
        raise ValueError(self.kind)


# A reuse argument: None means "not passed"; otherwise the source text
# ('True', 'False', 'None', 'tf.AUTO_REUSE', '(i > 0)', 'reuse').
Reuse = Optional[str]


@dataclass(frozen=True)
class VarScope:
    """``with tf.variable_scope(<target>, reuse=...) [as scN]:``

    target: a Name; ``('obj', 'scN')`` for a captured scope object;
    ``('current',)`` for ``tf.get_variable_scope()``; ``('default', 'blk')``
    for ``None, default_name='blk'``.
    """

    target: Any
    reuse: Reuse
    as_var: Optional[str]
    body: Tuple["Stmt", ...]
    getter: bool = False  # custom_getter=rename_getter (renames every get_variable inside: `w_r`)


@dataclass(frozen=True)
class NameScope:
    name: Name
    body: Tuple["Stmt", ...]


@dataclass(frozen=True)
class GetVariable:
    name: Name
    shape: Optional[Tuple[int, ...]]  # None: not passed
    dtype: Optional[str]  # 'tf.float32' / 'tf.int32' / None
    init: Optional[str]  # initializer source text, or None
    keyword: bool = False  # get_variable(name=...) spelled with a keyword
    # The shape's dims written as Python reading static shapes of ops
    # (`tf.matmul(x, tf.zeros([4, 3])).shape[1]`), each equal to `shape`'s
    # dim (None: TF's unknown batch dim); None: the literal shape.
    shape_src: Optional[Tuple[str, ...]] = None


@dataclass(frozen=True)
class TfVariable:
    name: Optional[Name]


@dataclass(frozen=True)
class ReuseVariables:
    var: Optional[str]  # None: tf.get_variable_scope().reuse_variables()


@dataclass(frozen=True)
class Dense:
    name: Optional[Name]
    reuse: Reuse = None
    keras: bool = False  # tf.keras.layers.Dense(3, name=...)(x): tf.Variable under name_scope(name)
    # > 0: `dense_fn = functools.partial(tf.layers.dense, units=3, name=.., reuse=..)`,
    # then `y = dense_fn(x)` that many times
    partial: int = 0


@dataclass(frozen=True)
class DynamicRnn:
    scope: Optional[Name]


@dataclass(frozen=True)
class Partitioned:
    """A sharded embedding in a scope of its own (unique name, AUTO_REUSE:
    every run after the first finds the same partitioned variable)."""

    scope: str  # 'p0', 'p1', ... unique in the program
    shards: int
    rows: int


@dataclass(frozen=True)
class Metric:
    """``tf.metrics.mean`` / ``accuracy``: local counters named by the name scope."""

    kind: str  # 'mean' | 'accuracy'
    name: Optional[str]


@dataclass(frozen=True)
class Ema:
    """``tf.train.ExponentialMovingAverage(0.9).apply([v])`` right after the
    statement that makes ``v`` (a GetVariable) or ``t`` (a TfVariable)."""

    var: Union["GetVariable", "TfVariable"]


@dataclass(frozen=True)
class Share:
    """``share()``: flips the module global ``REUSE`` to True (``global REUSE``)."""


@dataclass(frozen=True)
class ResetGraph:
    pass


@dataclass(frozen=True)
class NewGraph:
    body: Tuple["Stmt", ...]


@dataclass(frozen=True)
class For:
    var: str
    k: int
    body: Tuple["Stmt", ...]
    env: bool = False  # range(N), N read from the environment (TF runs k == 2 passes)


@dataclass(frozen=True)
class If:
    cond: str  # 'True', '0', 'FLAG', 'not FLAG'
    body: Tuple["Stmt", ...]
    orelse: Tuple["Stmt", ...] = ()


@dataclass(frozen=True)
class Call:
    func: str
    args: Tuple[Tuple[Optional[str], str], ...]  # (keyword or None, source)
    registry: bool = False  # called as HANDLERS['f0'](...) (the function is registered)
    template: int = 0  # > 0: wrapped in tf.make_template('tmpl', f0) and called that many times
    # > 0: `fn = functools.partial(f0, <the first `partial` args>)`, then `fn(<the rest>)`
    partial: int = 0


Stmt = Union[
    VarScope,
    NameScope,
    GetVariable,
    TfVariable,
    ReuseVariables,
    Dense,
    DynamicRnn,
    Partitioned,
    Metric,
    Ema,
    Share,
    ResetGraph,
    NewGraph,
    For,
    If,
    Call,
]


@dataclass(frozen=True)
class FuncDef:
    name: str
    params: Tuple[str, ...]  # subset of ('scope_name', 'reuse', 'idx'), in that order
    body: Tuple[Stmt, ...]
    registered: bool = False  # @register('f0'): a decorator stores it in the dict HANDLERS


@dataclass(frozen=True)
class Program:
    flag: Optional[bool]  # module constant FLAG (None: not defined)
    funcs: Tuple[FuncDef, ...]
    body: Tuple[Stmt, ...]

    def render(self) -> str:
        return render(self)


BLOCKS = (VarScope, NameScope, NewGraph, For, If)

# ----------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------

X_LINE = "x = tf.placeholder(tf.float32, [None, 4])"
# A decorator registry: handlers reached through a dict.
REGISTRY_LINES = [
    "HANDLERS = {}",
    "def register(key):",
    "    def deco(fn):",
    "        HANDLERS[key] = fn",
    "        return fn",
    "    return deco",
]
GETTER_LINES = (
    "def rename_getter(getter, name, *args, **kwargs):",
    "    return getter(name + '_r', *args, **kwargs)",
)
SEQ_LINE = "seq = tf.placeholder(tf.float32, [None, 5, 4])"
# Values TF sees as their defaults and scopelint as unknown (but the same at every use).
ENV_SCOPE_LINE = "SCOPE = os.environ.get('SL_SCOPE', 'enc_env')"
ENV_N_LINE = "N = int(os.environ.get('SL_N', '2'))"
ENV_SCOPE_VALUE = "enc_env"  # in no other name pool: only SCOPE meets SCOPE
# A module-global flag that a function flips and later builders read.
SHARE_LINES = (
    "REUSE = False",
    "def share():",
    "    global REUSE",
    "    REUSE = True",
)


def _walk(stmts: Sequence[Stmt]) -> Iterator[Stmt]:
    for s in stmts:
        yield s
        if isinstance(s, Ema):
            yield s.var
        elif isinstance(s, If):
            yield from _walk(s.body)
            yield from _walk(s.orelse)
        elif isinstance(s, BLOCKS):
            yield from _walk(s.body)


def _all_stmts(p: Program) -> Iterator[Stmt]:
    for f in p.funcs:
        yield from _walk(f.body)
    yield from _walk(p.body)


def _inputs_used(p: Program) -> Tuple[bool, bool]:
    stmts = list(_all_stmts(p))
    dims = " ".join(d for s in stmts if isinstance(s, GetVariable) and s.shape_src for d in s.shape_src)
    return (
        any(isinstance(s, Dense) for s in stmts) or re.search(r"\bx\b", dims) is not None,
        any(isinstance(s, DynamicRnn) for s in stmts) or re.search(r"\bseq\b", dims) is not None,
    )


# Python expressions worth `d` (1..3), read from the static shape of an op's
# output: they make generated programs check scopelint's shape functions.
SHAPE_DIMS = (
    "tf.matmul(x, tf.zeros([4, {d}])).shape[1]",
    "x[:, :{d}].get_shape()[1]",
    "tf.one_hot(tf.argmax(x, 1), {d}).shape[-1]",
    "tf.reduce_sum(tf.zeros([{d}, 7]), axis=1, keepdims=True).shape[0]",
    "tf.nn.conv1d(seq, tf.zeros([3, 4, {d}]), 2, 'SAME').get_shape().as_list()[2]",
    "tf.transpose(tf.zeros([{d}, 2])).shape[1]",
    "tf.concat([tf.zeros([1, 2])] * {d}, 0).shape[0]",
    "tf.stack([x] * {d}, axis=1).shape[1]",
    "len(tf.unstack(tf.zeros([{d}, 2])))",
    "int(tf.tile(tf.zeros([1, 1]), [{d}, 1]).shape[0])",
    "(x @ tf.zeros([4, {d}])).shape[1].value",
    "tf.reduce_mean(tf.expand_dims(seq, -1), [1, 3]).shape[1] // 4 * {d}",
    "tf.nn.max_pool(tf.zeros([1, 2 * {d}, 2, 1]), [1, 2, 2, 1], [1, 2, 2, 1], 'VALID').shape[1]",
    "tf.split(tf.zeros([6, 3 * {d}]), 3, axis=1)[0].shape[1]",
    "tf.reshape(seq, [-1, 5 * {d}, 4 // {d} if 4 % {d} == 0 else 4])[0].shape[0] // 5",
)
NONE_DIM = "x.get_shape()[0]"  # TF's unknown batch dim: a new variable cannot have it


def _shape(shape: Tuple[int, ...]) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def _target(t: Any) -> str:
    if isinstance(t, Name):
        return t.render()
    if t[0] == "obj":
        return t[1]
    if t[0] == "current":
        return "tf.get_variable_scope()"
    if t[0] == "default":
        return f"None, default_name={t[1]!r}"
    raise ValueError(t)


def render(p: Program) -> str:
    use_x, use_seq = _inputs_used(p)
    inputs = ([X_LINE] if use_x else []) + ([SEQ_LINE] if use_seq else [])
    code = _render_code(p, inputs)
    text = "\n".join(code)
    env_scope = re.search(r"\bSCOPE\b", text) is not None
    env_n = "range(N)" in text
    out: List[str] = ["import tensorflow as tf"]
    if env_scope or env_n:
        out.append("import os")
    if "functools." in text:
        out.append("import functools")
    if env_scope:
        out.append(ENV_SCOPE_LINE)
    if env_n:
        out.append(ENV_N_LINE)
    if re.search(r"\bREUSE\b|\bshare\(\)", text):
        out.extend(SHARE_LINES)
    return "\n".join(out + code) + "\n"


def _render_code(p: Program, inputs: List[str]) -> List[str]:
    out: List[str] = []
    if p.flag is not None:
        out.append(f"FLAG = {p.flag}")
    if any(isinstance(s, VarScope) and s.getter for s in _all_stmts(p)):
        out.extend(GETTER_LINES)
    out.extend(inputs)
    if any(f.registered for f in p.funcs):
        out.extend(REGISTRY_LINES)
    for f in p.funcs:
        params = []
        for prm in f.params:
            params.append({"scope_name": "scope_name", "reuse": "reuse=None", "idx": "idx=0"}[prm])
        if f.registered:
            out.append(f"@register({f.name!r})")
        out.append(f"def {f.name}({', '.join(params)}):")
        _render_block(f.body, 1, out, inputs)
    _render_block(p.body, 0, out, inputs)
    return out


def _render_block(stmts: Sequence[Stmt], ind: int, out: List[str], inputs: List[str]) -> None:
    if not stmts:
        out.append("    " * ind + "pass")
        return
    for s in stmts:
        _render_stmt(s, ind, out, inputs)


def _render_stmt(s: Stmt, ind: int, out: List[str], inputs: List[str]) -> None:
    pad = "    " * ind
    if isinstance(s, VarScope):
        args = _target(s.target)
        if s.reuse is not None:
            args += f", reuse={s.reuse}"
        if s.getter:
            args += ", custom_getter=rename_getter"
        line = f"{pad}with tf.variable_scope({args})"
        if s.as_var:
            line += f" as {s.as_var}"
        out.append(line + ":")
        _render_block(s.body, ind + 1, out, inputs)
    elif isinstance(s, NameScope):
        out.append(f"{pad}with tf.name_scope({s.name.render()}):")
        _render_block(s.body, ind + 1, out, inputs)
    elif isinstance(s, GetVariable):
        args = [("name=" if s.keyword else "") + s.name.render()]
        if s.shape_src is not None:
            args.append(f"shape=[{', '.join(s.shape_src)}]")
        elif s.shape is not None:
            args.append(f"shape={_shape(s.shape)}")
        if s.dtype is not None:
            args.append(f"dtype={s.dtype}")
        if s.init is not None:
            args.append(f"initializer={s.init}")
        out.append(f"{pad}v = tf.get_variable({', '.join(args)})")
    elif isinstance(s, TfVariable):
        if s.name is None:
            out.append(f"{pad}t = tf.Variable(0.0)")
        else:
            out.append(f"{pad}t = tf.Variable(0.0, name={s.name.render()})")
    elif isinstance(s, ReuseVariables):
        target = s.var if s.var else "tf.get_variable_scope()"
        out.append(f"{pad}{target}.reuse_variables()")
    elif isinstance(s, Dense) and s.keras:
        name = f", name={s.name.render()}" if s.name is not None else ""
        out.append(f"{pad}y = tf.keras.layers.Dense(3{name})(x)")
    elif isinstance(s, Dense):
        args = "x, 3" if not s.partial else "tf.layers.dense, units=3"
        if s.name is not None:
            args += f", name={s.name.render()}"
        if s.reuse is not None:
            args += f", reuse={s.reuse}"
        if s.partial:
            out.append(f"{pad}dense_fn = functools.partial({args})")
            out.extend(f"{pad}y = dense_fn(x)" for _ in range(s.partial))
        else:
            out.append(f"{pad}y = tf.layers.dense({args})")
    elif isinstance(s, Ema):
        _render_stmt(s.var, ind, out, inputs)
        var = "v" if isinstance(s.var, GetVariable) else "t"
        out.append(f"{pad}ema = tf.train.ExponentialMovingAverage(0.9).apply([{var}])")
    elif isinstance(s, Share):
        out.append(f"{pad}share()")
    elif isinstance(s, DynamicRnn):
        extra = f", scope={s.scope.render()}" if s.scope is not None else ""
        out.append(f"{pad}o, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), seq, dtype=tf.float32{extra})")
    elif isinstance(s, Partitioned):
        part = f"tf.fixed_size_partitioner({s.shards})"
        out.append(f"{pad}with tf.variable_scope({s.scope!r}, reuse=tf.AUTO_REUSE, partitioner={part}):")
        out.append(f"{pad}    v = tf.get_variable('emb', shape=[{s.rows}, 2])")
    elif isinstance(s, Metric):
        name = f", name={s.name!r}" if s.name is not None else ""
        if s.kind == "mean":
            out.append(f"{pad}m = tf.metrics.mean(tf.constant([1.0]){name})")
        else:
            out.append(f"{pad}m = tf.metrics.accuracy(tf.constant([1]), tf.constant([1]){name})")
    elif isinstance(s, ResetGraph):
        out.append(f"{pad}tf.reset_default_graph()")
        out.extend(pad + line for line in inputs)
    elif isinstance(s, NewGraph):
        out.append(f"{pad}with tf.Graph().as_default():")
        body_out: List[str] = []
        _render_block(s.body, ind + 1, body_out, inputs)
        out.extend("    " * (ind + 1) + line for line in inputs)
        out.extend(body_out)
        # Back in the outer graph: the layer inputs must belong to it again.
        out.extend(pad + line for line in inputs)
    elif isinstance(s, For):
        out.append(f"{pad}for {s.var} in range({'N' if s.env else s.k}):")
        _render_block(s.body, ind + 1, out, inputs)
    elif isinstance(s, If):
        out.append(f"{pad}if {s.cond}:")
        _render_block(s.body, ind + 1, out, inputs)
        if s.orelse:
            out.append(f"{pad}else:")
            _render_block(s.orelse, ind + 1, out, inputs)
    elif isinstance(s, Call):
        args = ", ".join((f"{k}={v}" if k else v) for k, v in s.args)
        callee = f"HANDLERS[{s.func!r}]" if s.registry else s.func
        if s.partial:
            bound = "".join(f", {k}={v}" if k else f", {v}" for k, v in s.args[: s.partial])
            rest = ", ".join((f"{k}={v}" if k else v) for k, v in s.args[s.partial :])
            out.append(f"{pad}fn = functools.partial({callee}{bound})")
            out.append(f"{pad}fn({rest})")
        elif s.template:
            out.append(f"{pad}tmpl = tf.make_template('tmpl', {callee})")
            out.extend(f"{pad}tmpl({args})" for _ in range(s.template))
        else:
            out.append(f"{pad}{callee}({args})")
    else:
        raise TypeError(s)


# ----------------------------------------------------------------------------
# Choosers: where the randomness comes from
# ----------------------------------------------------------------------------


class RandomChooser:
    """Choices from a seeded random.Random (agreement.py)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def boolean(self, p: float) -> bool:
        return self.rng.random() < p

    def weighted(self, options: Sequence[Tuple[float, Any]]) -> Any:
        options = [o for o in options if o[0] > 0]
        total = sum(w for w, _ in options)
        r = self.rng.random() * total
        for w, v in options:
            r -= w
            if r < 0:
                return v
        return options[-1][1]

    def choice(self, seq: Sequence[Any]) -> Any:
        return seq[self.rng.randrange(len(seq))]


class DrawChooser:
    """Choices from hypothesis' ``draw``; every choice shrinks to its first option."""

    RES = 100

    def __init__(self, draw: Callable):
        from hypothesis import strategies as st

        self.draw = draw
        self.st = st

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(self.st.integers(lo, hi))

    def boolean(self, p: float) -> bool:
        # Shrinks towards 0, i.e. False ("leave it out").
        return self.draw(self.st.integers(0, self.RES - 1)) >= self.RES - round(p * self.RES)

    def weighted(self, options: Sequence[Tuple[float, Any]]) -> Any:
        options = [o for o in options if o[0] > 0]
        scaled = [max(1, round(w * 20)) for w, _ in options]
        r = self.draw(self.st.integers(0, sum(scaled) - 1))
        for s, (_, v) in zip(scaled, options):
            r -= s
            if r < 0:
                return v
        return options[-1][1]

    def choice(self, seq: Sequence[Any]) -> Any:
        return seq[self.draw(self.st.integers(0, len(seq) - 1))]


# ----------------------------------------------------------------------------
# The generator
# ----------------------------------------------------------------------------

SCOPE_BASES = ("s", "net", "enc", "fc", "dec", "conv")
FORMAT_BASES = ("s", "layer", "h")
VAR_NAMES = ("w", "b", "v", "kernel", "gamma")
NS_NAMES = ("ns", "s", "tower")
DEFAULT_NAMES = ("blk", "s")
TFVAR_NAMES = ("t", "w")
LAYER_NAMES = ("fc", "dense", "out")
RNN_SCOPES = ("rnn", "enc", "dec")
SHAPES = ((2,), (2, 3), (3, 2), (1,), (3,))
FUNC_NAMES = ("block", "layer")


@dataclass
class Ctx:
    """What is in scope at the point being generated."""

    loop_vars: Tuple[str, ...] = ()
    params: Tuple[str, ...] = ()  # params of the enclosing function
    scopes: Tuple[str, ...] = ()  # scope-object variables certainly bound here
    in_func: bool = False
    module_level: bool = True  # not inside any with/def: graph changes allowed
    in_new_graph: bool = False
    reusing: bool = False  # some enclosing scope passed a truthy-looking reuse
    depth: int = 0
    funcs: Tuple[FuncDef, ...] = ()  # functions callable from here
    siblings: Tuple[str, ...] = ()  # constant get_variable names already used in this suite
    sibling_scopes: Tuple[str, ...] = ()  # constant variable_scope names already opened in this suite


class Gen:
    """Builds a Program from a chooser's choices."""

    MAX_DEPTH = 3

    def __init__(
        self, chooser: Any, max_lines: int = 34, min_statements: int = 2, layers: bool = True, shapes: bool = False
    ):
        self.min_statements = min_statements
        self.layers = layers  # generate tf.layers.dense / dynamic_rnn
        self.shapes = shapes  # read some get_variable shapes from ops' static shapes (SHAPE_DIMS)
        self.c = chooser
        self.budget = max_lines
        self.max_lines = max_lines + 2
        self.scope_counter = 0
        self.partition_counter = 0
        self.root_reused = False  # some tf.get_variable_scope().reuse_variables() was generated
        self.var_shape: dict = {}
        self.seen_scopes: List[Name] = []
        # A careful program avoids the common mistakes (most run cleanly and
        # exercise long chains of names); a careless one makes them often.
        self.careful = False

    def w(self, normal: float, careful: float) -> float:
        """A weight that depends on the program's carefulness."""
        return careful if self.careful else normal

    @staticmethod
    def _valid_name(n: Name, ctx: Ctx) -> bool:
        if n.kind == "param":
            return "scope_name" in ctx.params
        if isinstance(n.arg, str):
            return n.arg in ctx.loop_vars or n.arg in ctx.params
        return True

    # -------------------------------------------------------------- names

    def _int_arg(self, ctx: Ctx) -> Union[str, int]:
        opts: List[Tuple[float, Any]] = [(1.0, self.c.integer(0, 2))]
        opts += [(3.0, v) for v in ctx.loop_vars]
        if "idx" in ctx.params:
            opts.append((3.0, "idx"))
        return self.c.weighted(opts)

    def _formatted(self, ctx: Ctx, bases: Sequence[str]) -> Name:
        kind = self.c.choice(("pct", "fstr", "format", "plus"))
        base = self.c.choice(bases)
        if self.c.boolean(0.3):
            base += "_"
        return Name(kind, base, self._int_arg(ctx))

    def scope_name(self, ctx: Ctx) -> Name:
        options: List[Tuple[float, str]] = [(6.0, "const"), (9.0 if ctx.loop_vars else 2.0, "formatted")]
        if "scope_name" in ctx.params:
            options.append((6.0, "param"))
        kind = self.c.weighted(options)
        if kind == "const":
            return Name("const", self.c.choice(SCOPE_BASES))
        if kind == "param":
            return Name("param")
        return self._formatted(ctx, FORMAT_BASES)

    def var_name(self, ctx: Ctx) -> Name:
        if self.c.boolean(self.w(0.4, 0.85) if ctx.loop_vars and not ctx.reusing else 0.12):
            return self._formatted(ctx, VAR_NAMES)
        name = self.c.choice(VAR_NAMES)
        if name in ctx.siblings and not self.c.boolean(self.w(0.25, 0.0)):
            # Mostly avoid the trivial duplicate of a sibling statement.
            fresh = [n for n in VAR_NAMES if n not in ctx.siblings]
            if fresh:
                name = self.c.choice(fresh)
        return Name("const", name)

    def reuse(self, ctx: Ctx, default_name: bool = False) -> Reuse:
        opts: List[Tuple[float, Reuse]] = [
            (8.0, None),
            (0.1 if default_name else self.w(0.55, 0.15), "True"),
            (0.1 if default_name else 2.0, "tf.AUTO_REUSE"),
            (1.0, "False"),
            (0.5, "None"),
        ]
        if ctx.loop_vars:
            opts.append((0.3 if default_name else 2.0, f"({ctx.loop_vars[-1]} > 0)"))
        if "reuse" in ctx.params:
            opts.append((0.3 if default_name else 4.0, "reuse"))
        opts.append((0.1 if default_name else 0.7, "REUSE"))  # the module global that share() flips
        return self.c.weighted(opts)

    # -------------------------------------------------------------- statements

    def block(self, ctx: Ctx, min_len: int = 1, p_more: float = 0.45, max_len: int = 3) -> Tuple[Tuple[Stmt, ...], Ctx]:
        """Statements for one suite; returns them and the context after them."""
        out: List[Stmt] = []
        while self.budget > 0 and len(out) < max_len and (len(out) < min_len or self.c.boolean(p_more)):
            stmt, ctx = self.stmt(ctx)
            if isinstance(stmt, tuple):
                out.extend(stmt)
            else:
                out.append(stmt)
        return tuple(out), ctx

    def stmt(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        self.budget -= 1
        can_nest = ctx.depth < (self.MAX_DEPTH - 1 if ctx.in_func else self.MAX_DEPTH) and self.budget > 2
        opts: List[Tuple[float, str]] = [
            (6.0, "get_variable"),
            (5.0 if can_nest else 0.0, "variable_scope"),
            (2.0 if can_nest and self.budget > 6 else 0.0, "pair"),
            (1.2, "tf_variable"),
            (1.5 if can_nest else 0.0, "name_scope"),
            (self.w(0.5, 0.25) if ctx.scopes else 0.0, "scope_reuse"),
            (self.w(0.2, 0.05), "root_reuse"),
            (1.0 if self.layers else 0.0, "dense"),
            (0.5 if self.layers else 0.0, "rnn"),
            (0.4, "partitioned"),
            (0.4, "metric"),
            (0.25, "ema"),
            (0.1, "share"),
            (1.1 if can_nest and len(ctx.loop_vars) < 2 else 0.0, "for"),
            (0.7 if can_nest else 0.0, "if"),
            (3.0 if ctx.funcs else 0.0, "call"),
            (0.5 if ctx.module_level and not ctx.in_new_graph else 0.0, "reset"),
            (0.5 if ctx.module_level and not ctx.in_new_graph and can_nest else 0.0, "new_graph"),
        ]
        kind = self.c.weighted([o for o in opts if o[0] > 0])
        return getattr(self, "g_" + kind)(ctx)

    def _inner(self, ctx: Ctx, **kw: Any) -> Ctx:
        kw.setdefault("siblings", ())
        kw.setdefault("sibling_scopes", ())
        return replace(ctx, depth=ctx.depth + 1, module_level=False, **kw)

    def g_get_variable(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        name = self.var_name(ctx)
        key = name.base if name.kind == "const" else None
        canonical = self.var_shape.setdefault(key, self.c.choice(SHAPES)) if key else self.c.choice(SHAPES)
        if ctx.reusing:
            shape_kind = self.c.weighted(
                [(6.0, "canonical"), (self.w(1.2, 0.6), "omit"), (self.w(1.5, 0.3), "other"), (0.6, "value")]
            )
        else:
            shape_kind = self.c.weighted(
                [(8.0, "canonical"), (self.w(0.15, 0.0), "omit"), (self.w(0.6, 0.1), "other"), (0.8, "value")]
            )
        dtype = None
        init = None
        shape: Optional[Tuple[int, ...]] = canonical
        if shape_kind == "omit":
            shape = None
        elif shape_kind == "other":
            shape = self.c.choice(SHAPES)
        elif shape_kind == "value":
            shape = None
            init = self.c.choice(("tf.zeros(%s)" % _shape(canonical), "1.0", "tf.ones(%s)" % _shape(canonical)))
        if shape_kind != "value":
            dtype = self.c.weighted([(6.0, None), (1.0, "tf.float32"), (0.7, "tf.int32")])
            if self.c.boolean(0.3):
                if dtype == "tf.int32":
                    init = self.c.choice(("tf.zeros_initializer()", "tf.constant_initializer(1)"))
                else:
                    init = self.c.choice(
                        ("tf.zeros_initializer()", "tf.constant_initializer(0.5)", "tf.random_normal_initializer()")
                    )
                if shape is None:
                    # A callable initializer without a shape is an initializer
                    # error, not a scoping one; keep those rare.
                    init = None
        after = replace(ctx, siblings=ctx.siblings + (name.base,)) if name.kind == "const" else ctx
        shape_src = None
        if self.shapes and shape is not None and self.c.boolean(0.2):
            shape_src = tuple(self.c.choice(SHAPE_DIMS).format(d=d) for d in shape)
            if self.c.boolean(self.w(0.08, 0.0)):
                shape_src = (NONE_DIM,) + shape_src[1:]
        return GetVariable(name, shape, dtype, init, keyword=self.c.boolean(0.15), shape_src=shape_src), after

    def g_tf_variable(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        if self.c.boolean(0.2):
            return TfVariable(None), ctx
        name = Name("const", self.c.choice(TFVAR_NAMES)) if self.c.boolean(0.8) else self._formatted(ctx, TFVAR_NAMES)
        return TfVariable(name), ctx

    def g_variable_scope(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        opts: List[Tuple[float, str]] = [(8.0, "name"), (1.5, "default"), (1.0, "current")]
        if ctx.scopes:
            opts.append((4.0, "obj"))
        form = self.c.weighted(opts)
        if form == "name":
            reuse = self.reuse(ctx)
            seen = [n for n in self.seen_scopes if self._valid_name(n, ctx)]
            if reuse in ("True", "reuse") and seen and self.c.boolean(0.7):
                # Reuse mostly targets a scope that was opened before.
                target: Any = self.c.choice(seen)
            else:
                target = self.scope_name(ctx)
                if (
                    target.kind == "const"
                    and target.base in ctx.sibling_scopes
                    and reuse not in ("True", "tf.AUTO_REUSE")
                    and not self.c.boolean(self.w(0.3, 0.0))
                ):
                    # Mostly avoid re-opening a sibling scope without reuse.
                    fresh = [n for n in SCOPE_BASES if n not in ctx.sibling_scopes]
                    if fresh:
                        target = Name("const", self.c.choice(fresh))
            if target not in self.seen_scopes:
                self.seen_scopes.append(target)
        elif form == "default":
            target = ("default", self.c.choice(DEFAULT_NAMES))
            reuse = self.reuse(ctx, default_name=True)
        elif form == "current":
            target = ("current",)
            reuse = self.c.weighted([(self.w(0.6, 0.1), "True"), (2.0, "tf.AUTO_REUSE"), (1.0, None), (1.0, "False")])
        else:
            target = ("obj", self.c.choice(ctx.scopes))
            reuse = self.c.weighted([(3.0, None), (2.0, "True"), (1.0, "tf.AUTO_REUSE"), (1.0, "False")])
        as_var = None
        if self.c.boolean(0.4 if form != "obj" else 0.15):
            as_var = f"sc{self.scope_counter}"
            self.scope_counter += 1
        reusing = ctx.reusing or reuse in ("True", "reuse") or (reuse or "").startswith("(") or form == "obj"
        getter = self.c.boolean(0.08)
        inner = self._inner(ctx, scopes=ctx.scopes + ((as_var,) if as_var else ()), reusing=reusing)
        body, _ = self.block(inner)
        after = replace(ctx, scopes=ctx.scopes + ((as_var,) if as_var else ()))
        if isinstance(target, Name) and target.kind == "const":
            after = replace(after, sibling_scopes=after.sibling_scopes + (target.base,))
        return VarScope(target, reuse, as_var, body, getter), after

    def g_pair(self, ctx: Ctx) -> Tuple[Tuple[Stmt, ...], Ctx]:
        """The sharing idiom: a scope, then the same scope again with reuse.

        The second body is the first one with mutations that users make:
        shapes omitted or changed, a dtype changed, a variable added.
        """
        target = self.scope_name(ctx)
        first_reuse = self.c.weighted([(6.0, None), (1.0, "tf.AUTO_REUSE")])
        inner = self._inner(ctx)
        body, _ = self.block(inner, p_more=0.5)
        second_reuse = self.c.weighted(
            [(5.0, "True"), (2.5, "tf.AUTO_REUSE"), (self.w(0.6, 0.05), None), (self.w(0.4, 0.05), "False")]
        )
        if ctx.loop_vars and self.c.boolean(0.2):
            second_reuse = f"({ctx.loop_vars[-1]} > 0)"
        as_var = None
        if self.c.boolean(0.3):
            as_var = f"sc{self.scope_counter}"
            self.scope_counter += 1
        body2 = tuple(self._mutate(st) for st in body)
        self.budget -= sum(1 for _ in _walk(body2)) + 1
        if self.c.boolean(0.15):
            extra, _ = self.g_get_variable(self._inner(ctx))
            body2 = body2 + (extra,)
        first = VarScope(target, first_reuse, None, body)
        second = VarScope(target, second_reuse, as_var, body2)
        return (first, second), replace(ctx, scopes=ctx.scopes + ((as_var,) if as_var else ()))

    def _mutate(self, s: Stmt) -> Stmt:
        if isinstance(s, GetVariable):
            kind = self.c.weighted(
                [(5.0, "same"), (3.0, "omit"), (self.w(1.0, 0.2), "shape"), (self.w(0.4, 0.1), "dtype")]
            )
            if kind == "omit" and s.init is None or kind == "omit" and s.shape is not None:
                return replace(s, shape=None, init=None if s.shape is not None else s.init)
            if kind == "shape" and s.shape is not None:
                return replace(s, shape=self.c.choice(SHAPES))
            if kind == "dtype" and s.init is None:
                return replace(s, dtype="tf.int32" if s.dtype != "tf.int32" else "tf.float32")
            return s
        if isinstance(s, (VarScope, NameScope, For)):
            return replace(s, body=tuple(self._mutate(b) for b in s.body))
        return s

    def g_name_scope(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        if self.c.boolean(0.2):
            name = self._formatted(ctx, NS_NAMES)
        else:
            name = Name("const", self.c.choice(NS_NAMES))
        # get_variable ignores name scopes: the suite's names carry through.
        body, inner_after = self.block(self._inner(ctx, siblings=ctx.siblings))
        return NameScope(name, body), replace(ctx, scopes=inner_after.scopes, siblings=inner_after.siblings)

    def g_scope_reuse(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        return ReuseVariables(self.c.choice(ctx.scopes)), ctx

    def g_root_reuse(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        self.root_reused = True
        return ReuseVariables(None), ctx

    def g_dense(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        if self.c.boolean(0.2):
            # A Keras layer: named by its own (uniquified) name scope, never by the store.
            name = Name("const", self.c.choice(LAYER_NAMES)) if self.c.boolean(0.5) else None
            return Dense(name, keras=True), ctx
        if not self.c.boolean(0.5):
            return Dense(None), ctx
        if self.c.boolean(self.w(0.5, 0.9) if ctx.loop_vars else 0.2):
            name = self._formatted(ctx, LAYER_NAMES)
        else:
            name = Name("const", self.c.choice(LAYER_NAMES))
        reuse = self.c.weighted([(6.0, None), (self.w(0.5, 0.1), "True"), (1.0, "tf.AUTO_REUSE")])
        if reuse is None and "reuse" in ctx.params and self.c.boolean(0.3):
            reuse = "reuse"
        partial = self.c.integer(1, 2) if self.c.boolean(0.15) else 0
        return Dense(name, reuse, partial=partial), ctx

    def g_rnn(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        if self.c.boolean(0.5):
            return DynamicRnn(None), ctx
        if self.c.boolean(0.8):
            return DynamicRnn(Name("const", self.c.choice(RNN_SCOPES))), ctx
        return DynamicRnn(self._formatted(ctx, RNN_SCOPES)), ctx

    def g_partitioned(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        scope = f"p{self.partition_counter}"
        self.partition_counter += 1
        return Partitioned(scope, self.c.integer(1, 3), self.c.integer(1, 4)), ctx

    def g_ema(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        var, after = self.g_get_variable(ctx) if self.c.boolean(0.8) else self.g_tf_variable(ctx)
        assert isinstance(var, (GetVariable, TfVariable))
        if isinstance(var, GetVariable) and var.dtype == "tf.int32":
            var = replace(var, dtype=None)  # TF averages float variables only (a TypeError otherwise)
        return Ema(var), after

    def g_share(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        return Share(), ctx

    def g_metric(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        kind = self.c.choice(("mean", "accuracy"))
        return Metric(kind, self.c.weighted([(3.0, None), (1.0, "acc"), (1.0, "m")])), ctx

    def g_for(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        var = "ij"[len(ctx.loop_vars)]
        k = self.c.integer(1, 4)
        # Not after the root scope may reuse: the first pass would raise, which
        # scopelint cannot claim of a loop that may run no pass at all.
        if ctx.module_level and not ctx.loop_vars and not self.root_reused and self.c.boolean(0.35):
            return self._env_loop(var), ctx
        # A loop (and an if) opens no scope: the suite's names carry through.
        # A loop at module level keeps graph changes allowed inside it.
        inner = replace(ctx, depth=ctx.depth + 1, loop_vars=ctx.loop_vars + (var,))
        if self.c.boolean(0.3):
            # The sharing idiom: the same scope every iteration, reuse=(i > 0).
            target = self.scope_name(replace(inner, loop_vars=ctx.loop_vars))
            scope_body, _ = self.block(self._inner(inner))
            return For(var, k, (VarScope(target, f"({var} > 0)", None, scope_body),)), ctx
        body, inner_after = self.block(inner)
        return For(var, k, body), replace(
            ctx, scopes=inner_after.scopes, siblings=inner_after.siblings, sibling_scopes=inner_after.sibling_scopes
        )

    def _env_loop(self, var: str) -> For:
        """``for i in range(N):`` (N from the environment, 2 under TF) around a
        scope of its own: shared with ``reuse=(i > 0)`` or AUTO_REUSE, or one
        scope per pass. Only clean bodies at module level: a pass that may or
        may not run makes every later finding conditional, which TF's single
        run cannot judge."""
        self.budget -= 2
        reuse = self.c.weighted([(3.0, f"({var} > 0)"), (2.0, "tf.AUTO_REUSE"), (1.5, None)])
        base = f"rep{self.partition_counter}"
        self.partition_counter += 1
        target = Name("const", base) if reuse is not None else Name("pct", base + "_", var)
        names = VAR_NAMES[: self.c.integer(1, 3)]
        body = tuple(
            GetVariable(Name("const", n), self.var_shape.setdefault(n, self.c.choice(SHAPES)), None, None)
            for n in names
        )
        self.budget -= len(body)
        return For(var, 2, (VarScope(target, reuse, None, body),), env=True)

    def g_if(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        cond = self.c.weighted([(2.0, "True"), (1.5, "0"), (1.5, "FLAG"), (0.7, "not FLAG")])
        inner = replace(ctx, depth=ctx.depth + 1)
        body, after = self.block(inner)
        orelse: Tuple[Stmt, ...] = ()
        if self.c.boolean(0.35):
            orelse, _ = self.block(inner)
        # Scope objects bound inside an if are not relied on afterwards.
        return If(cond, body, orelse), replace(ctx, siblings=after.siblings, sibling_scopes=after.sibling_scopes)

    def g_call(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        f = self.c.choice(ctx.funcs)
        args: List[Tuple[Optional[str], str]] = []
        for prm in f.params:
            if prm == "scope_name":
                kw = "scope_name" if self.c.boolean(0.15) else None
                args.append((kw, self.scope_name(ctx).render()))
            elif prm == "reuse":
                r = self.reuse(ctx)
                if r is not None:
                    args.append(("reuse", r))
            elif prm == "idx":
                if self.c.boolean(0.8):
                    args.append(("idx", str(self._int_arg(ctx))))
        # Positional arguments may not follow keyword ones.
        seen_kw = False
        fixed = []
        for k, v in args:
            if k is None and seen_kw:
                k = "scope_name"
            seen_kw = seen_kw or k is not None
            fixed.append((k, v))
        template = self.c.integer(2, 3) if self.c.boolean(0.08) else 0
        # functools.partial binding the first arguments, called later with the rest.
        partial = self.c.integer(1, len(fixed)) if fixed and not template and self.c.boolean(0.12) else 0
        registry = f.registered and self.c.boolean(0.7)
        return Call(f.name, tuple(fixed), registry=registry, template=template, partial=partial), ctx

    def g_reset(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        return ResetGraph(), ctx

    def g_new_graph(self, ctx: Ctx) -> Tuple[Stmt, Ctx]:
        inner = replace(ctx, depth=ctx.depth + 1, in_new_graph=True, siblings=())
        body, inner_after = self.block(inner)
        return NewGraph(body), replace(ctx, scopes=inner_after.scopes)

    # -------------------------------------------------------------- program

    def func(self, name: str, callable_funcs: Tuple[FuncDef, ...]) -> FuncDef:
        params: Tuple[str, ...] = ()
        if self.c.boolean(0.8):
            params += ("scope_name",)
        if self.c.boolean(0.6):
            params += ("reuse",)
        if self.c.boolean(0.3):
            params += ("idx",)
        registered = self.c.boolean(0.25)
        ctx = Ctx(params=params, in_func=True, module_level=False, depth=0, funcs=callable_funcs)
        if "scope_name" in params and self.c.boolean(0.8):
            # The usual shape: the whole body under variable_scope(scope_name).
            self.budget -= 1
            reuse = "reuse" if "reuse" in params and self.c.boolean(0.8) else self.reuse(ctx)
            as_var = None
            if self.c.boolean(0.3):
                as_var = f"sc{self.scope_counter}"
                self.scope_counter += 1
            inner = replace(ctx, depth=1, scopes=((as_var,) if as_var else ()), reusing=reuse == "reuse")
            body, _ = self.block(inner, p_more=0.45, max_len=3)
            return FuncDef(name, params, (VarScope(Name("param"), reuse, as_var, body),), registered)
        body, _ = self.block(ctx, p_more=0.45, max_len=3)
        return FuncDef(name, params, body, registered)

    def program(self) -> Program:
        self.careful = self.c.boolean(0.5)
        flag_value = self.c.boolean(0.5)
        funcs: List[FuncDef] = []
        for i in range(self.c.weighted([(5.0, 0), (4.0, 1), (1.0, 2)])):
            funcs.append(self.func(FUNC_NAMES[i], tuple(funcs)))
        ctx = Ctx(funcs=tuple(funcs))
        body, ctx = self.block(ctx, min_len=self.min_statements, p_more=0.65, max_len=7)
        if self.min_statements > 1:
            # The seeded walk keeps programs at 5 lines or more (hypothesis
            # may go smaller, so that it can shrink to one statement).
            while render(Program(None, tuple(funcs), body)).count("\n") < 5:
                self.budget = max(self.budget, 2)
                more, ctx = self.block(ctx, min_len=1, max_len=1)
                body += more
        # Hard size cap: drop the textually last statements (nothing after
        # them can depend on them, so the program stays valid).
        while render(Program(None, tuple(funcs), body)).count("\n") > self.max_lines - len(funcs):
            if sum(1 for _ in _walk(body)) > 1:
                body = _drop_last(body)
                continue
            sizes = [sum(1 for _ in _walk(f.body)) for f in funcs]
            if not sizes or max(sizes) <= 1:
                break
            k = sizes.index(max(sizes))
            funcs[k] = replace(funcs[k], body=_drop_last(funcs[k].body))
        # Every helper is called at least once (uncalled ones are noise).
        called = {st.func for st in _walk(body) if isinstance(st, Call)}
        called |= {st.func for f in funcs for st in _walk(f.body) if isinstance(st, Call)}
        for f in funcs:
            if f.name not in called:
                call, _ = self.g_call(replace(ctx, funcs=(f,)))
                body += (call,)
        if self.c.boolean(0.15):
            body += self._env_tail(funcs)
        p = Program(None, tuple(funcs), body)
        return replace(p, flag=flag_value) if _uses_flag(p) else p

    def _env_tail(self, funcs: List[FuncDef]) -> Tuple[Stmt, ...]:
        """Two uses of ``SCOPE`` (read from the environment) at the end of the
        program, directly or passed to a helper: the same unknown value, so the
        second use reuses or collides. In a graph of their own, because an
        unknown scope may meet any name already in the store (scopelint then
        rightly says nothing), and at the end, because scopelint knows little
        about a store that holds unknown names."""
        helpers = [
            f
            for f in funcs
            if f.body
            and isinstance(f.body[0], VarScope)
            and f.body[0].target == Name("param")
            # Only get_variable and scopes: under an unknown scope, scopelint's
            # patterns do not yet cover TF's names for partitions, EMA slots
            # and a get_variable after a same-named tf.Variable, and it knows
            # too little after layers to find the errors.
            and all(isinstance(st, (GetVariable, VarScope, NameScope, If)) for st in _walk(f.body))
        ]
        env = Name("env", ENV_SCOPE_VALUE)
        # The second use repeats the first (the same helper, or a subset of
        # the same names): scopelint finds the collision of the two, but not
        # yet that a name new to an unknown scope does not exist there.
        reuse2 = self.c.weighted([(2.0, "True"), (2.0, "tf.AUTO_REUSE"), (1.5, None)])
        out: List[Stmt] = []
        if helpers and self.c.boolean(0.4):
            f = self.c.choice(helpers)
            for reuse in (None, reuse2):
                args: Tuple[Tuple[Optional[str], str], ...] = (
                    ("scope_name" if self.c.boolean(0.2) else None, "SCOPE"),
                )
                if "reuse" in f.params and reuse is not None:
                    args += (("reuse", reuse),)
                out.append(Call(f.name, args, registry=f.registered and self.c.boolean(0.5)))
        else:
            names = VAR_NAMES[: self.c.integer(1, 2)]
            body = tuple(
                GetVariable(Name("const", n), self.var_shape.setdefault(n, self.c.choice(SHAPES)), None, None)
                for n in names
            )
            reuse1 = self.c.weighted([(3.0, None), (1.0, "tf.AUTO_REUSE")])
            out.append(VarScope(env, reuse1, None, body))
            out.append(VarScope(env, reuse2, None, body[: self.c.integer(1, len(body))]))
        return (NewGraph(tuple(out)),)


def _drop_last(stmts: Tuple[Stmt, ...]) -> Tuple[Stmt, ...]:
    """Remove the textually last simple statement (a block left empty goes too)."""
    if not stmts:
        return stmts
    last = stmts[-1]
    if isinstance(last, If) and last.orelse:
        inner = _drop_last(last.orelse)
        return stmts[:-1] + (replace(last, orelse=inner),)
    if isinstance(last, BLOCKS) and last.body:
        inner = _drop_last(last.body)
        if inner:
            return stmts[:-1] + (replace(last, body=inner),)
    return stmts[:-1]


def _uses_flag(p: Program) -> bool:
    return any(isinstance(s, If) and "FLAG" in s.cond for s in _all_stmts(p))


# ----------------------------------------------------------------------------
# Public entry points
# ----------------------------------------------------------------------------


def random_program(
    seed: Union[int, str, random.Random], max_lines: int = 34, layers: bool = True, shapes: bool = True
) -> Program:
    """One program from a seed (deterministic)."""
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    return Gen(RandomChooser(rng), max_lines=max_lines, layers=layers, shapes=shapes).program()


def programs(max_lines: int = 34, layers: bool = True, shapes: bool = False):
    """Hypothesis strategy for Program IRs (render with ``p.render()``)."""
    from hypothesis import strategies as st

    @st.composite
    def _programs(draw: Callable) -> Program:
        # One forced statement: hypothesis can shrink to a one-statement program.
        return Gen(DrawChooser(draw), max_lines=max_lines, min_statements=1, layers=layers, shapes=shapes).program()

    return _programs()


def sources(max_lines: int = 34, layers: bool = True, shapes: bool = False):
    """Hypothesis strategy for program source strings."""
    return programs(max_lines, layers, shapes).map(render)


# ----------------------------------------------------------------------------
# IR-level minimisation
# ----------------------------------------------------------------------------


def _simpler_names(n: Name) -> Iterator[Name]:
    if n.kind == "param":
        return
    if n.kind == "env":
        return  # a constant would meet SCOPE's uses, which scopelint rightly cannot judge
    if n.kind != "const":
        # The same string value as a constant (when the argument is constant),
        # otherwise the plain base.
        if isinstance(n.arg, int):
            yield Name("const", n.base + str(n.arg))
        elif n.kind != "pct":
            yield Name("pct", n.base, n.arg)


def _stmt_variants(s: Stmt) -> Iterator[Stmt]:
    """Strictly simpler versions of one statement (not removing it)."""
    if isinstance(s, GetVariable):
        if s.shape_src is not None:
            yield replace(s, shape_src=None)
        if s.keyword:
            yield replace(s, keyword=False)
        if s.init is not None:
            yield replace(s, init=None, shape=s.shape if s.shape is not None or s.init.endswith("()") else None)
        if s.dtype is not None:
            yield replace(s, dtype=None)
        for n in _simpler_names(s.name):
            yield replace(s, name=n)
    elif isinstance(s, VarScope):
        if s.getter:
            yield replace(s, getter=False)
        if s.as_var is not None:
            yield replace(s, as_var=None)
        if s.reuse is not None:
            yield replace(s, reuse=None)
        if isinstance(s.target, Name):
            for n in _simpler_names(s.target):
                yield replace(s, target=n)
    elif isinstance(s, (NameScope,)):
        for n in _simpler_names(s.name):
            yield replace(s, name=n)
    elif isinstance(s, Ema):
        yield s.var
    elif isinstance(s, Dense):
        if s.partial:
            yield replace(s, partial=0)
        if s.reuse is not None:
            yield replace(s, reuse=None)
        if s.name is not None:
            for n in _simpler_names(s.name):
                yield replace(s, name=n)
    elif isinstance(s, For):
        if s.env:
            yield replace(s, env=False)
        for k in range(1, s.k):
            yield replace(s, k=k)
    elif isinstance(s, If):
        if s.orelse:
            yield replace(s, orelse=())
    elif isinstance(s, Call):
        if s.partial:
            yield replace(s, partial=0)
        for i, (k, _) in enumerate(s.args):
            if k is not None:
                yield replace(s, args=s.args[:i] + s.args[i + 1 :])


def _block_variants(stmts: Tuple[Stmt, ...]) -> Iterator[Tuple[Stmt, ...]]:
    n = len(stmts)
    # Remove chunks, largest first.
    size = n // 2
    while size >= 1:
        for start in range(0, n, size):
            yield stmts[:start] + stmts[start + size :]
        size //= 2
    for idx, s in enumerate(stmts):
        pre, post = stmts[:idx], stmts[idx + 1 :]
        # Unwrap a block into its body.
        if isinstance(s, BLOCKS):
            yield pre + tuple(s.body) + post
        for v in _stmt_variants(s):
            yield pre + (v,) + post
        if isinstance(s, If):
            for b in _block_variants(s.body):
                yield pre + (replace(s, body=b),) + post
            for b in _block_variants(s.orelse):
                yield pre + (replace(s, orelse=b),) + post
        elif isinstance(s, BLOCKS):
            for b in _block_variants(s.body):
                yield pre + (replace(s, body=b),) + post


def _drop_calls(stmts: Tuple[Stmt, ...], name: str) -> Tuple[Stmt, ...]:
    out: List[Stmt] = []
    for s in stmts:
        if isinstance(s, Call) and s.func == name:
            continue
        if isinstance(s, If):
            s = replace(s, body=_drop_calls(s.body, name), orelse=_drop_calls(s.orelse, name))
        elif isinstance(s, BLOCKS):
            s = replace(s, body=_drop_calls(s.body, name))
        out.append(s)
    return tuple(out)


def _program_variants(p: Program) -> Iterator[Program]:
    for i, f in enumerate(p.funcs):
        # Remove a helper together with every call of it.
        rest = tuple(replace(g, body=_drop_calls(g.body, f.name)) for g in p.funcs[:i] + p.funcs[i + 1 :])
        yield replace(p, funcs=rest, body=_drop_calls(p.body, f.name))
    for b in _block_variants(p.body):
        yield replace(p, body=b)
    for i, f in enumerate(p.funcs):
        for b in _block_variants(f.body):
            yield replace(p, funcs=p.funcs[:i] + (replace(f, body=b),) + p.funcs[i + 1 :])
    if p.flag is not None and not _uses_flag(p):
        yield replace(p, flag=None)


def _well_formed(p: Program) -> bool:
    """The generator's own invariants that minimisation must keep: every helper is called."""
    called = {s.func for s in _all_stmts(p) if isinstance(s, Call)}
    return all(f.name in called for f in p.funcs)


def minimize(p: Program, still_bad: Callable[[Program], bool], max_tries: int = 400) -> Program:
    """Greedy IR-level shrinking: keep any simpler variant that is still bad.

    ``still_bad`` gets a candidate Program (it should render it, run it and
    check that the same problem remains, and reject programs that now raise a
    non-TF error such as NameError). Stops after ``max_tries`` predicate calls.
    """
    tries = 0
    improved = True
    while improved and tries < max_tries:
        improved = False
        for cand in _program_variants(p):
            if tries >= max_tries:
                break
            if not _well_formed(cand):
                continue
            tries += 1
            try:
                ok = still_bad(cand)
            except Exception:
                ok = False
            if ok:
                p = cand
                improved = True
                break
    return p


# ----------------------------------------------------------------------------
# Outcome classification (for reports)
# ----------------------------------------------------------------------------

OUTCOMES = ("clean", "already exists", "does not exist", "shape mismatch", "dtype mismatch", "other")


def classify_error(error_type: Optional[str], message: Optional[str]) -> str:
    """Bucket a TF outcome: clean / already exists / does not exist / shape mismatch / ..."""
    if not error_type:
        return "clean"
    m = message or ""
    if error_type == "ValueError":
        if "already exists" in m:
            return "already exists"
        if "does not exist" in m:
            return "does not exist"
        if "Trying to share variable" in m and "shape" in m:
            return "shape mismatch"
        if "Trying to share variable" in m and "dtype" in m:
            return "dtype mismatch"
    return "other"
