"""Does a file lint the same whatever the process linted before it?

    python -m bench.isolation DIR [DIR...]

Imports kept across programs (scopelint/engine/project_modules.py) are an
optimisation only. For each DIR this lints every .py file under it in path
order in this process, as one worker of `scopelint -j N` does, then lints
each file again alone (every kept import forgotten first) and compares the
findings, the predicted names (with their chains) and the files the
result's cache key depends on. It prints each file that differs and what
differs. docs/performance.md holds figures for the real-code tree.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Tuple

from scopelint.engine.project_modules import forget_kept_imports
from scopelint.linter import lint_source


def _files(root: str) -> List[str]:
    out = []
    for directory, subdirs, names in os.walk(root):
        subdirs.sort()
        out.extend(os.path.join(directory, n) for n in sorted(names) if n.endswith(".py"))
    return out


def _outcome(path: str) -> Tuple[list, list, list]:
    with open(path, "rb") as fh:
        result = lint_source(fh.read(), path, names=True)
    return (
        [(f.path, f.line, f.column, f.code, f.message) for f in result.findings],
        [(n.path, n.line, n.column, n.name, n.action, n.chain) for n in result.names],
        sorted(result.dependencies),
    )


def compare(root: str) -> Tuple[int, List[Tuple[str, List[str]]]]:
    """(files compared, [(file, what differs)])."""
    files = _files(root)
    forget_kept_imports()
    in_turn = {path: _outcome(path) for path in files}
    differ = []
    for path in files:
        forget_kept_imports()
        alone = _outcome(path)
        if alone != in_turn[path]:
            parts = ("findings", "names", "dependencies")
            what = []
            for part, a, b in zip(parts, alone, in_turn[path]):
                if a != b:
                    extra, missing = len(set(b) - set(a)), len(set(a) - set(b))
                    what.append(f"{part}: {extra} only in turn, {missing} only alone")
            differ.append((path, what))
    return len(files), differ


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.isolation", description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="+")
    args = parser.parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    total = bad = 0
    for root in args.dirs:
        n, differ = compare(root)
        total, bad = total + n, bad + len(differ)
        for path, what in differ:
            print(f"{os.path.relpath(path, root)}: {'; '.join(what)}")
        print(f"{root}: {n} files, {len(differ)} differ")
    print(f"total: {total} files, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
