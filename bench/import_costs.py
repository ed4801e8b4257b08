"""What deferring the project imports of whole-project analysis could save.

    python -m bench.import_costs DIR [DIR...]

Lints every .py file under the DIRs in this process (as `scopelint -j 1
--no-cache` does), collects the project modules each analysis read, and
asks of each module read:

- is it *deferrable*: its top level is inert (only imports without `*`,
  undecorated defs whose defaults call nothing, undecorated classes whose
  bodies outside methods call nothing, assignments to names that call
  nothing, docstrings, `if __name__ == "__main__"`, `try`/`except
  ImportError` around those) and so is every project module it imports at
  its top level (transitively)? Running such a module later than its
  import could not change the graph, flags or registries, so its parse
  could wait until something from it is used;
- what its libcst parse costs, whole and as a skeleton (every def's body
  cut to `pass`, lines kept): what parsing bodies only when a function is
  run would cost.

It prints the share of the bytes read that is deferrable (an upper bound
of what the deferral saves: a deferred module that is used is parsed
anyway) and the CPU times. docs/performance.md holds figures.
"""

from __future__ import annotations

import ast
import os
import sys
import time
from typing import Dict, List, Optional, Set

from scopelint.linter import lint_source
from scopelint.module_finder import ModuleFinder, module_name_of, package_top, resolve_relative
from scopelint.parse import parse_module
from scopelint.project import roots_for

_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
_METHOD_DECORATORS = ("property", "staticmethod", "classmethod")


def _calls(node: Optional[ast.AST]) -> bool:
    """Does evaluating `node` call anything (lambda bodies are not run)?"""
    if node is None:
        return False
    if isinstance(node, ast.Call):
        return True
    if isinstance(node, ast.Lambda):
        return any(_calls(d) for d in node.args.defaults + [d for d in node.args.kw_defaults if d is not None])
    return any(_calls(child) for child in ast.iter_child_nodes(node))


def _def_inert(node: ast.AST, in_class: bool) -> bool:
    assert isinstance(node, _FUNCS)
    for d in node.decorator_list:
        if not (in_class and isinstance(d, ast.Name) and d.id in _METHOD_DECORATORS):
            return False
    args = node.args
    return not any(_calls(d) for d in args.defaults + [d for d in args.kw_defaults if d is not None])


def _names_only(target: ast.AST) -> bool:
    if isinstance(target, (ast.Tuple, ast.List)):
        return all(_names_only(t) for t in target.elts)
    return isinstance(target, ast.Name)


def _inert(stmt: ast.stmt, in_class: bool = False) -> bool:
    if isinstance(stmt, ast.Import):
        return True
    if isinstance(stmt, ast.ImportFrom):
        return all(a.name != "*" for a in stmt.names)
    if isinstance(stmt, _FUNCS):
        return _def_inert(stmt, in_class)
    if isinstance(stmt, ast.ClassDef):
        return (
            not stmt.decorator_list
            and not stmt.keywords
            and not any(_calls(b) for b in stmt.bases)
            and all(_inert(s, True) for s in stmt.body)
        )
    if isinstance(stmt, ast.Assign):
        return all(_names_only(t) for t in stmt.targets) and not _calls(stmt.value)
    if isinstance(stmt, ast.AnnAssign):
        return _names_only(stmt.target) and not _calls(stmt.value)
    if isinstance(stmt, ast.Expr):
        return isinstance(stmt.value, ast.Constant)
    if isinstance(stmt, ast.Pass):
        return True
    if isinstance(stmt, ast.If):
        test = stmt.test
        return isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
    if isinstance(stmt, ast.Try):
        handlers_ok = all(
            h.type is not None and "ImportError" in ast.unparse(h.type) and all(_inert(s) for s in h.body)
            for h in stmt.handlers
        )
        return handlers_ok and not stmt.finalbody and all(_inert(s) for s in stmt.body + stmt.orelse)
    return False


def _top_imports(tree: ast.Module, path: str) -> List[str]:
    """Paths of the project modules the module's top level imports."""
    finder = ModuleFinder(roots_for(path))
    top = package_top(os.path.dirname(os.path.abspath(path)))
    name = module_name_of(path, [top]) if top is not None else None
    is_package = os.path.basename(path) == "__init__.py"
    dotted: List[str] = []
    stmts = [s for s in tree.body]
    for s in tree.body:
        if isinstance(s, ast.Try):
            stmts += s.body + s.orelse + [x for h in s.handlers for x in h.body]
    for s in stmts:
        if isinstance(s, ast.Import):
            dotted += [a.name for a in s.names]
        elif isinstance(s, ast.ImportFrom):
            base = s.module
            if s.level:
                base = resolve_relative(name, is_package, s.level, s.module) if name is not None else None
            if base:
                dotted += [base] + [f"{base}.{a.name}" for a in s.names]
    out = []
    for d in dotted:
        parts = d.split(".")
        for i in range(1, len(parts) + 1):  # a package's __init__ runs too
            spec = finder.find(".".join(parts[:i]))
            if spec is None:
                break
            if spec.path is not None:
                out.append(os.path.abspath(spec.path))
    return out


def _skeleton(text: str, tree: ast.Module) -> str:
    """`text` with the bodies of its defs and methods cut to `pass`."""
    lines = text.split("\n")
    defs = [s for s in tree.body if isinstance(s, _FUNCS)]
    defs += [m for c in tree.body if isinstance(c, ast.ClassDef) for m in c.body if isinstance(m, _FUNCS)]
    for d in defs:
        head = d.body[0]
        first = min([head.lineno] + [x.lineno for x in getattr(head, "decorator_list", [])]) - 1
        if first + 1 == d.lineno or d.end_lineno is None:
            continue  # `def f(): return 1` on one line
        indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
        lines[first : d.end_lineno] = [indent + "pass"] + [""] * (d.end_lineno - first - 1)
    return "\n".join(lines)


def main(dirs: List[str]) -> None:
    entries = sorted(
        os.path.join(d, f) for top in dirs for d, _, files in os.walk(top) for f in files if f.endswith(".py")
    )
    read: Dict[str, int] = {}  # module path -> how many entries read it
    start = time.process_time()
    for path in entries:
        with open(path, "rb") as fh:
            result = lint_source(fh.read(), path)
        for dep, _digest in result.dependencies or ():
            read[dep] = read.get(dep, 0) + 1
    lint_cpu = time.process_time() - start

    trees: Dict[str, ast.Module] = {}
    texts: Dict[str, str] = {}
    pending = list(read)
    scan = time.process_time()
    parse_cpu = 0.0
    while pending:  # the deferrable question follows imports beyond what was read
        path = pending.pop()
        if path in trees:
            continue
        with open(path, encoding="utf-8") as fh:
            texts[path] = fh.read()
        t = time.process_time()
        trees[path] = ast.parse(texts[path])
        parse_cpu += time.process_time() - t
        if all(_inert(s) for s in trees[path].body):
            pending += _top_imports(trees[path], path)
    scan_cpu = time.process_time() - scan
    inert = {p for p, t in trees.items() if all(_inert(s) for s in t.body)}
    deferrable: Set[str] = set(inert)
    changed = True
    while changed:  # greatest fixpoint: import circles among inert modules stay deferrable
        changed = False
        for p in list(deferrable):
            if any(d not in deferrable for d in _top_imports(trees[p], p)):
                deferrable.discard(p)
                changed = True

    full = skeleton = 0.0
    full_deferrable = 0.0
    for p in read:
        t = time.process_time()
        parse_module(texts[p])
        cost = time.process_time() - t
        full += cost
        if p in deferrable:
            full_deferrable += cost
        cut = _skeleton(texts[p], trees[p])
        t = time.process_time()
        parse_module(cut)
        skeleton += time.process_time() - t
    size = sum(len(texts[p]) for p in read)
    size_deferrable = sum(len(texts[p]) for p in read if p in deferrable)
    reads = sum(read.values())
    reads_deferrable = sum(n for p, n in read.items() if p in deferrable)
    print(f"{len(entries)} entries linted in {lint_cpu:.1f} s CPU; {reads} module reads of {len(read)} modules")
    print(
        f"inert top level: {len(inert & set(read))} of {len(read)}; deferrable (imports too): {len(deferrable & set(read))}"
    )
    print(
        f"deferrable share: {reads_deferrable}/{reads} reads, {size_deferrable}/{size} chars ({size_deferrable / size:.1%})"
    )
    print(f"libcst parse of the modules read: {full:.2f} s, of the deferrable ones {full_deferrable:.2f} s")
    print(f"ast scan deciding it: {scan_cpu:.2f} s (ast.parse {parse_cpu:.2f} s); skeleton parse: {skeleton:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
