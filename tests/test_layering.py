"""The package's import graph: imports run one way (no circle), and no
import hides inside a function except the few that defer a cost."""

from __future__ import annotations

import ast
from pathlib import Path

import scopelint

ROOT = Path(scopelint.__file__).parent

# Function-level imports that defer a cost, not break a circle: libcst, the
# engine and the rules load only when a file needs analysing (and a failure
# to import them becomes a finding about that file); positions only when
# something is reported; the CLI only for an internal error's message.
DEFERRED = {
    ("scopelint", "scopelint.linter"),
    ("scopelint.engine.analysis", "scopelint.positions"),
    ("scopelint.flake8_plugin", "scopelint.cli"),
    ("scopelint.cli", "scopelint.server"),  # pygls, only for `scopelint server`
    ("scopelint.fix_command", "scopelint.fixing"),  # libcst and the engine, only when fixing
    ("scopelint.notebook_fix", "scopelint.fixing"),  # the same, for the language server's notebook fixes
    ("scopelint.linter", "scopelint.engine.analysis"),
    ("scopelint.linter", "scopelint.engine.vocabulary"),
    ("scopelint.linter", "scopelint.parse"),
    ("scopelint.linter", "scopelint.rules"),
    ("scopelint.notebooks", "scopelint.positions"),  # libcst, only for a notebook that reports
    ("scopelint.project", "scopelint.parse"),  # libcst, only when an imported module is read
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> "tuple[set, set]":
    """(module-level, function-level) imports of scopelint modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: set = set()
    inner: set = set()
    this = _module_name(path)
    package = this if path.name == "__init__.py" else this.rsplit(".", 1)[0]

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            names: list = []
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join(
                        package.split(".")[: len(package.split(".")) - child.level + 1] + ([base] if base else [])
                    )
                # `from pkg import module` imports the module.
                names = [f"{base}.{a.name}" if _is_module(f"{base}.{a.name}") else base for a in child.names]
            for name in names:
                if name.startswith("scopelint"):
                    (inner if nested else top).add(name)
            if not (isinstance(child, ast.If) and _is_type_checking(child.test)):
                visit(child, nested)

    visit(tree, False)
    return top, inner


def _is_type_checking(test: ast.AST) -> bool:
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


def _is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:]) if "." in name else Path()
    return (ROOT / rel).with_suffix(".py").exists() or (ROOT / rel / "__init__.py").exists()


def _graph() -> "tuple[dict, dict]":
    top: dict = {}
    inner: dict = {}
    for path in sorted(ROOT.rglob("*.py")):
        name = _module_name(path)
        top[name], inner[name] = _imports(path)
    return top, inner


def _cycle(graph: dict) -> list:
    """A circle in `graph` (module -> imported modules), or []."""
    state: dict = {}
    stack: list = []

    def dfs(node: str) -> list:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            # Importing a package runs its __init__: an edge to every parent package.
            if state.get(nxt) == "open":
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = dfs(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return []

    for node in sorted(graph):
        if node not in state:
            found = dfs(node)
            if found:
                return found
    return []


def test_the_import_graph_has_no_circle():
    top, inner = _graph()
    edges = {m: {n for n in targets if n != m} for m, targets in top.items()}
    for m, targets in inner.items():
        edges[m] |= {n for n in targets if n != m}
    assert _cycle(edges) == []


def test_no_function_level_import_except_the_deferred_ones():
    _top, inner = _graph()
    found = {(m, n) for m, targets in inner.items() for n in targets}
    assert found <= DEFERRED, sorted(found - DEFERRED)


def test_the_checker_sees_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_no_file_is_longer_than_600_lines():
    long = {str(p.relative_to(ROOT)): n for p in ROOT.rglob("*.py") if (n := len(p.read_text().splitlines())) > 600}
    assert long == {}


def test_a_new_rnn_cell_is_one_declaration():
    """A cell class is one `_cell(...)` in library/rnn.py: its constructor,
    its variables and the runners that call it follow from it."""
    from scopelint.engine.dispatch import REGISTRY
    from scopelint.engine.library import layers, rnn
    from scopelint.linter import lint_source

    apis, kinds = dict(REGISTRY.apis), dict(layers.LAYERS)
    try:
        rnn._cell("toy_cell", "ToyCell", ("num_units", "reuse", "name"), lambda c, depth: [("w", (depth, 4), True)])
        source = (
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32, [None, 5, 3])\n"
            "out, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.ToyCell(4), x, dtype=tf.float32)\n"
            "out, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.ToyCell(4), x, dtype=tf.float32)\n"
        )
        result = lint_source(source, "toy.py", names=True, prefilter=False)
    finally:
        REGISTRY.apis.clear()
        REGISTRY.apis.update(apis)
        layers.LAYERS.clear()
        layers.LAYERS.update(kinds)
    assert [(n.line, n.name, n.action) for n in result.names] == [(3, "rnn/toy_cell/w:0", "create")]
    assert [(f.line, f.code) for f in result.findings] == [(4, "SCO101")]
    assert "rnn/toy_cell/w already exists" in result.findings[0].message
