"""scopelint.positions gives every node the start position libcst's own
PositionProvider gives it, while generating only the statements asked
about (docs/performance.md)."""

from __future__ import annotations

import ast
import hashlib
import sys
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from scopelint.positions import Positions, statement_lines

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.stdlib import stdlib_files  # noqa: E402


def _files():
    files = [str(f) for f in sorted(ROOT.glob("examples/*.py")) + sorted(ROOT.glob("tests/programs/**/*.py"))]
    lib = sorted((f for f in stdlib_files() if Path(f).stat().st_size < 40_000),
                 key=lambda f: hashlib.sha256(f.encode()).hexdigest())[:12]
    return files + lib


SNIPPETS = {
    "decorators-and-comments": "# head\n\n@dec\n# between\n@dec2(1)\ndef f(x):  # c\n    return x\n\n\nclass C(B):\n    pass\n",
    "semicolons": "import os; x = 1; y = f(x)\nif x: y = 2\nelse: y = 3\n",
    "crlf-and-cr": "a = 1\r\nb = (2,\r\n     3)\rc = 4\n",
    "tabs-and-form-feed": "if x:\n\ty = 1\n\x0cz = 2\n",
    "async-and-walrus": "async def f():\n    async with a as b:\n        if (n := len(b)) > 1:\n            await g(n)\n",
    "no-final-newline": "x = [1,\n     2]",
}


def _check(text: str) -> int:
    module = cst.parse_module(text)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    positions = Positions(module, statement_lines(ast.parse(text)))
    for node, rng in expected.items():
        assert positions.start(node) == (rng.start.line, rng.start.column + 1), (type(node).__name__, rng)
    return len(expected)


@pytest.mark.parametrize("path", _files(), ids=lambda p: Path(p).name)
def test_positions_match_libcst_on_files(path):
    text = Path(path).read_bytes().decode("utf-8")
    assert _check(text) > 0


@pytest.mark.parametrize("name", SNIPPETS)
def test_positions_match_libcst_on_odd_layouts(name):
    assert _check(SNIPPETS[name]) > 0


def test_without_statement_lines_the_ast_is_parsed_again():
    module = cst.parse_module("x = 1\ny = f(x)\n")
    call = module.body[1].body[0].value
    assert Positions(module).start(call) == (2, 5)


def test_a_node_outside_the_module_has_no_position():
    module = cst.parse_module("x = 1\n")
    assert Positions(module).start(cst.Name("x")) is None
