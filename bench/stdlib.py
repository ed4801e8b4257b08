"""Lint every file of the running Python's standard library (its `Lib/`)
with the prefilter off, so that every file is parsed and analysed, and
report internal errors (there must be none), parse errors, analysis limits
and the slowest files.

    python -m bench.stdlib [--jobs N] [--limit N] [--lib DIR]

Exit status: 0 when no file raised an internal error, 1 otherwise.
tests/test_stdlib.py runs a sample of the same files in CI.
"""

from __future__ import annotations

import argparse
import os
import sys
import sysconfig
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from typing import List, Optional, Tuple

SKIP_DIRS = {"site-packages", "dist-packages", "__pycache__"}


def stdlib_dir() -> str:
    return sysconfig.get_paths()["stdlib"]


def stdlib_files(lib: Optional[str] = None) -> List[str]:
    """Every *.py under Lib/, sorted, without installed third-party packages."""
    lib = lib or stdlib_dir()
    out = []
    for dirpath, dirnames, filenames in os.walk(lib):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        out.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py"))
    return out


def lint_one(path: str) -> Tuple[str, float, str, List[str], List[str]]:
    """(path, seconds, outcome, finding codes, notes); outcome is "ok",
    "unreadable: ..." or "INTERNAL ERROR: ..." (with the traceback)."""
    from scopelint.linter import lint_source
    from scopelint.results import InternalError

    start = time.perf_counter()
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return path, 0.0, f"unreadable: {exc}", [], []
    try:
        result = lint_source(data, path, prefilter=False)
    except InternalError as exc:
        tb = "".join(traceback.format_exception(type(exc.cause), exc.cause, exc.cause.__traceback__))
        return path, time.perf_counter() - start, f"INTERNAL ERROR: {exc}\n{tb}", [], []
    except BaseException as exc:  # lint_source must never let anything else out
        return path, time.perf_counter() - start, f"INTERNAL ERROR (escaped lint_source): {exc!r}\n{traceback.format_exc()}", [], []
    return path, time.perf_counter() - start, "ok", [f.code for f in result.findings], list(result.notes)


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.stdlib", description=__doc__.split("\n\n")[0])
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--limit", type=int, default=0, help="only the first N files (0: all)")
    p.add_argument("--lib", default=None, help=f"the Lib/ directory (default: {stdlib_dir()})")
    args = p.parse_args(argv)
    files = stdlib_files(args.lib)
    if args.limit:
        files = files[: args.limit]
    start = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(lint_one, files, chunksize=8))
    else:
        results = [lint_one(f) for f in files]
    wall = time.perf_counter() - start
    errors = [r for r in results if r[2].startswith("INTERNAL")]
    unreadable = [r for r in results if r[2].startswith("unreadable")]
    parse_errors = [r for r in results if "SCO901" in r[3]]
    findings = [r for r in results if any(c != "SCO901" for c in r[3])]
    noted = [r for r in results if r[4]]
    lines = 0
    for f in files:
        try:
            with open(f, "rb") as fh:
                lines += fh.read().count(b"\n")
        except OSError:
            pass
    print(f"{len(files)} files, {lines:,} lines of {args.lib or stdlib_dir()} in {wall:.1f}s "
          f"with --jobs {args.jobs} (prefilter off: every file parsed and analysed)")
    print(f"internal errors: {len(errors)}")
    for path, _t, outcome, _c, _n in errors:
        print(f"  {path}: {outcome}")
    print(f"unreadable: {len(unreadable)}")
    print(f"SCO901 (not Python 3 for this interpreter, e.g. Lib/test/bad*.py): {len(parse_errors)}")
    print(f"other findings (a standard library imports no TensorFlow: expected 0): {len(findings)}")
    for path, _t, _o, codes, _n in findings:
        print(f"  {path}: {codes}")
    print(f"files with notes (size or work limits): {len(noted)}")
    for path, _t, _o, _c, notes in noted[:20]:
        print(f"  {path}: {'; '.join(notes)}")
    print("slowest files:")
    for path, seconds, _o, _c, _n in sorted(results, key=lambda r: -r[1])[:10]:
        print(f"  {seconds:6.2f}s  {path}")
    return 1 if errors or findings else 0


if __name__ == "__main__":
    sys.exit(main())
