"""Pathological but valid code finishes in bounded time and memory, and
where a bound cuts the analysis short the result is "unknown": no finding is
produced from a guess.

Each case is a generated module. The time limit asserted is loose (CI
machines vary); docs/performance.md lists what each case takes. Cases also
hold a real bug *before* the pathological part (it must still be found) and,
where the analysis cannot follow what the pathological part did, code after
it that a guess would flag (it must not be).

SCOPELINT_PATHOLOGICAL=full runs the heavy variants too (a file just under
the 4 MB limit: about a minute and 2.5 GB).
"""

from __future__ import annotations

import os
import time
from typing import Callable, NamedTuple

import pytest

from scopelint.linter import MAX_SOURCE_BYTES, lint_source

pytestmark = pytest.mark.slow  # huge generated modules

FULL = os.environ.get("SCOPELINT_PATHOLOGICAL") == "full"
TIME_LIMIT = 60.0  # seconds per case; they take 0.1-15 s on a 2-core machine

HEAD = "import tensorflow as tf\nTOP = tf.get_variable_scope()\n"
# A finding before the pathological part (SCO201, which does not stop the
# program): the analysis up to there works.
BUG_FIRST = (
    "with tf.name_scope('first'):\n"
    "    a = tf.get_variable('w', [1])\n"
    "\n"
)
FIRST_BUG = ("SCO201", 4)
# The deepest or last point of each pathological part creates made_inside/w:
CREATE_INSIDE = (
    "with tf.variable_scope(TOP):\n"
    "    with tf.variable_scope('made_inside', reuse=tf.AUTO_REUSE):\n"
    "        tf.get_variable('w', [1])\n"
)
# ... so asking for it afterwards is correct. An analysis that could not
# follow the pathological part to that point must not claim SCO102 ("does
# not exist"): that would be a guess.
UNKNOWN_AFTER = (
    "\nwith tf.variable_scope('made_inside', reuse=True):\n"
    "    b = tf.get_variable('w', [1])\n"
)


def indent(text: str, n: int) -> str:
    return "".join(" " * n + line if line.strip() else line for line in text.splitlines(True))


def module(body: str, after: str = "") -> str:
    return HEAD + BUG_FIRST + body + after


class Case(NamedTuple):
    id: str
    build: Callable[[], str]
    # Findings expected besides FIRST_BUG, as (code, line) pairs; None: the
    # case only asserts FIRST_BUG and that no finding follows it.
    more: object = ()
    heavy: bool = False


def big_module(size: int) -> str:
    """Realistic builders and calls, repeated to `size` bytes."""
    chunks = []
    n = total = 0
    while total < size:
        chunk = (
            f"def block_{n}(x, reuse=False):\n"
            f"    with tf.variable_scope('block_{n}', reuse=reuse):\n"
            f"        w = tf.get_variable('w', [3, 3], initializer=tf.zeros_initializer())\n"
            f"        b = tf.get_variable('b', [3])\n"
            f"        return tf.nn.relu(tf.matmul(x, w) + b)\n\n"
            f"h_{n} = block_{n}(tf.placeholder(tf.float32, [None, 3]))\n"
            f"h_{n}_again = block_{n}(h_{n}, reuse=True)\n\n"
        )
        chunks.append(chunk)
        total += len(chunk)
        n += 1
    return module("".join(chunks))


def generated_lines(n: int, heavy: bool = False) -> str:
    """n lines of generated code, as a code generator writes them."""
    if heavy:  # two lines per scope: ~36 bytes a line
        body = "".join(f"with tf.variable_scope('s{i}'):\n    v{i} = tf.get_variable('v', [1])\n" for i in range(n // 2))
    else:  # a table of constants, as protobuf/op generators write: ~12 bytes a line
        body = "".join(f"_C{i} = {i}\n" for i in range(n))
    # TF: first/w does not exist (the name scope did not prefix it): SCO102.
    return module(body, "with tf.variable_scope('first', reuse=True):\n    c = tf.get_variable('w', [1])\n")


def nested_expression(kind: str, depth: int) -> str:
    if kind == "not":
        expr = "not " * depth + "x"
    elif kind == "unary":
        expr = "-" * depth + "1"
    elif kind == "ifexp":
        expr = "1 if x else " * depth + "0"
    elif kind == "lambda":
        expr = "lambda: " * depth + "1"
    elif kind == "attribute":
        expr = "tf" + ".a" * depth
    elif kind == "call-chain":
        expr = "f" + "()" * depth
    elif kind == "subscript-chain":
        expr = "f" + "[0]" * depth
    elif kind == "sum":
        expr = " + ".join(["x"] * depth)
    elif kind == "and":
        expr = " and ".join(["x"] * depth)
    elif kind == "brackets-190":  # CPython allows 200 nested brackets
        expr = "(" * 190 + "x" + ")" * 190
    else:
        raise ValueError(kind)
    # f() returns f: the call chain is followed, call after call.
    return module(f"def f(*args):\n    return f\nx = 1\ny = {expr}\n", "with tf.variable_scope('after'):\n    c = tf.get_variable('w', [1])\n"
                  "with tf.variable_scope('after'):\n    c = tf.get_variable('w', [1])\n")


def nested_with(depth: int) -> str:
    lines = []
    for i in range(depth):
        lines.append("    " * i + f"with tf.variable_scope('s{i}', reuse=tf.AUTO_REUSE):\n")
    lines.append("    " * depth + "v = tf.get_variable('v', [1])\n")
    return module("".join(lines))


def with_items(n: int) -> str:
    items = ", ".join(f"tf.variable_scope('s{i}')" for i in range(n))
    return module(f"with {items}:\n    v = tf.get_variable('v', [1])\n")


def mutual_recursion(n: int) -> str:
    fns = []
    for i in range(n):
        fns.append(
            f"def build_{i}(x, depth):\n"
            f"    with tf.variable_scope('b{i}', reuse=tf.AUTO_REUSE):\n"
            f"        w = tf.get_variable('w', [1])\n"
            f"        if depth:\n"
            f"            x = build_{(i + 1) % n}(x, depth - 1) + build_{(i * 7 + 3) % n}(x, depth - 1)\n"
            f"        else:\n"
            + indent(CREATE_INSIDE, 12)
            + "        return x\n\n"
        )
    body = "".join(fns) + "y = build_0(1, 100)\n"
    return module(body, UNKNOWN_AFTER)


def doubling_calls(levels: int) -> str:
    """f0 calls f1 twice, f1 calls f2 twice, ...: 2**levels paths."""
    fns = []
    for i in range(levels):
        fns.append(
            f"def f{i}(x):\n"
            f"    with tf.variable_scope('l{i}', reuse=tf.AUTO_REUSE):\n"
            f"        a = f{i + 1}(x)\n"
            f"        b = f{i + 1}(a)\n"
            f"    return b\n\n"
        )
    fns.append(f"def f{levels}(x):\n" + indent(CREATE_INSIDE, 4) + "    return x\n\n")
    body = "".join(fns) + "y = f0(1)\n"
    return module(body, UNKNOWN_AFTER)


def doubling_methods(levels: int) -> str:
    lines = ["class Net(object):\n"]
    for i in range(levels):
        lines.append(
            f"    def f{i}(self, x):\n"
            f"        with tf.variable_scope('l{i}', reuse=tf.AUTO_REUSE):\n"
            f"            return self.f{i + 1}(x) + self.f{i + 1}(x)\n"
        )
    lines.append(f"    def f{levels}(self, x):\n" + indent(CREATE_INSIDE, 8) + "        return x\n\n")
    body = "".join(lines) + "y = Net().f0(1)\n"
    return module(body, UNKNOWN_AFTER)


def huge_loops() -> str:
    body = (
        "for i in range(10 ** 9):\n"
        "    with tf.variable_scope('s%d' % i):\n"
        "        v = tf.get_variable('v', [1])\n"
        "for i in range(100000):\n"
        "    with tf.variable_scope('t', reuse=tf.AUTO_REUSE):\n"
        "        v = tf.get_variable('v', [1])\n"
        "n = 0\n"
        "while True:\n"
        "    n += 1\n"
        "    if n > 10 ** 9:\n"
        "        break\n"
        "for i in range(64):\n"
        "    for j in range(64):\n"
        "        for k in range(64):\n"
        "            for l in range(64):\n"
        + indent(CREATE_INSIDE, 16)
    )
    return module(body, UNKNOWN_AFTER)


def nested_unknown_loops(depth: int) -> str:
    lines = ["import sys\n"]
    for i in range(depth):
        lines.append("    " * i + f"for i{i} in sys.argv:\n")
    lines.append(indent(CREATE_INSIDE, 4 * depth))
    return module("".join(lines), UNKNOWN_AFTER)


def guard_clauses(n: int) -> str:
    """One function with n early returns: each continuation is a branch."""
    lines = ["import sys\n\ndef build():\n"]
    for i in range(n):
        lines.append(f"    if sys.argv[{i % 7}] == '{i}':\n        return None\n")
    lines.append(indent(CREATE_INSIDE, 4))
    lines.append("\nbuild()\n")
    # TF: made_inside/w exists only if no guard returned: unknown statically.
    return module("".join(lines), UNKNOWN_AFTER)


def growing_values() -> str:
    """Values that double: strings, tuples, lists, powers, format widths."""
    return module(
        "s = 'ab'\n"
        "t = (1,)\n"
        "l = [1]\n"
        "for i in range(60):\n"
        "    s = s + s\n"
        "    t = t + t\n"
        "    l.extend(l)\n"
        "    s = s.replace('a', 'aa')\n"
        "big = 2 ** 10 ** 10\n"
        "wide = '%0999999999d' % 1\n"
        "wider = '{:999999999}'.format(1)\n"
        "widest = f'{1:999999999}'\n"
        "with tf.variable_scope(s):\n"
        "    v = tf.get_variable('v', [1])\n"
        "with tf.variable_scope('ab' * 1000):\n"  # is it `s`? too long to follow: unknown
        "    v = tf.get_variable('v', [1])\n"
        + CREATE_INSIDE,
        UNKNOWN_AFTER,
    )


CASES = [
    Case("module-10MB", lambda: big_module(10_000_000), None),
    Case("module-just-under-the-limit", lambda: big_module(MAX_SOURCE_BYTES - 100_000), heavy=True),
    Case("module-500KB", lambda: big_module(500_000)),
    Case("generated-100k-lines", lambda: generated_lines(100_000), [("SCO102", 100_007)]),
    Case("generated-100k-lines-of-scopes", lambda: generated_lines(100_000, heavy=True), [("SCO102", 100_007)],
         heavy=True),
    *(Case(f"expression-{kind}-1000-deep", lambda kind=kind: nested_expression(kind, 1000), [("SCO101", 13)])
      for kind in ("not", "unary", "ifexp", "lambda", "attribute", "call-chain", "subscript-chain", "sum")),
    Case("and-chain-20000", lambda: nested_expression("and", 20_000), [("SCO101", 13)]),
    Case("brackets-190-deep", lambda: nested_expression("brackets-190", 0), [("SCO101", 13)]),
    Case("with-blocks-99-deep", lambda: nested_with(99)),  # CPython allows 100 indentation levels
    Case("with-items-1000", lambda: with_items(1000)),
    Case("mutual-recursion-20-builders", lambda: mutual_recursion(20)),
    Case("calls-doubling-30-levels", lambda: doubling_calls(30)),
    Case("methods-doubling-30-levels", lambda: doubling_methods(30)),
    Case("huge-loops", huge_loops),
    Case("nested-unknown-loops-12", lambda: nested_unknown_loops(12)),
    Case("guard-clauses-3000", lambda: guard_clauses(3000)),
    Case("growing-values", growing_values),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_pathological_code_is_bounded(case):
    if case.heavy and not FULL:
        pytest.skip("heavy: set SCOPELINT_PATHOLOGICAL=full")
    source = case.build()
    start = time.perf_counter()
    result = lint_source(source, "generated.py")
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_LIMIT, f"{case.id}: {elapsed:.1f}s"
    got = [(f.code, f.line) for f in result.findings]
    if case.more is None:  # over the size limit: not analysed, and said so
        assert got == [] and result.notes and "not analysed" in result.notes[0]
        return
    assert got == [FIRST_BUG, *case.more], (case.id, [f.message for f in result.findings], result.notes)
    assert not any(f.code == "SCO901" for f in result.findings)


def test_the_10mb_module_is_refused_quickly_with_a_note():
    source = big_module(10_000_000)
    start = time.perf_counter()
    result = lint_source(source.encode(), "big.py")
    assert time.perf_counter() - start < 5
    assert result.notes == ["not analysed: 10.0 MB is over scopelint's limit of 4 MB per file"]
