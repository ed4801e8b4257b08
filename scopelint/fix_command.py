"""The CLI's `--fix`, `--unsafe-fixes`, `--diff` and `--add-noqa` (scopelint.fixing does the work).

Each file is read once, fixed in memory (fix, lint again, fix what that
reveals) and written back atomically only when its fixed text parses and
encodes back to the file's own encoding and line ends. The findings come
from `jobs.check_one` without the cache, so selection, per-file ignores and
`# noqa` apply as in a normal run and no cache entry of the old content is read.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Sequence, Tuple

from scopelint import notebook_fix
from scopelint.jobs import Context, Job, check_one
from scopelint.notebooks import NotebookError, build_program, is_notebook_path, read_cells
from scopelint.results import Finding
from scopelint.source import UTF8_BOM, declared_encoding, decode_source, python_syntax_problem


@dataclass
class FixReport:
    fixed: int = 0  # findings fixed
    hidden: int = 0  # unsafe fixes not applied (without --unsafe-fixes)
    changed: List[str] = field(default_factory=list)  # files (shown paths) whose text changed
    diffs: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)


def _codec(data: bytes) -> Tuple[str, str, bool]:
    """(encoding, line end, BOM) to write a file's text back as it was stored."""
    newline = "\r\n" if b"\r\n" in data else "\r" if b"\r" in data else "\n"
    bom = data.startswith(UTF8_BOM)
    encoding = declared_encoding(data[len(UTF8_BOM) :] if bom else data) or "utf-8"
    return encoding, newline, bom


def _encode(text: str, codec: Tuple[str, str, bool]) -> Optional[bytes]:
    encoding, newline, bom = codec
    try:
        out = text.replace("\n", newline).encode(encoding)
    except (UnicodeError, LookupError):
        return None
    return (UTF8_BOM + out) if bom else out


def _findings_of(ctx: Context, path: str, display: str, text: str, codec: Tuple[str, str, bool]) -> List[Finding]:
    data = _encode(text, codec)
    if data is None:
        return []
    return [f for f in check_one(ctx, None, path, display, data).findings if f.path == display]


def _linter(ctx: Context, path: str, display: str, codec: Tuple[str, str, bool]) -> Callable[[str], List[Finding]]:
    return lambda text: _findings_of(ctx, path, display, text, codec)


def run(
    ctx: Context, jobs: Sequence[Job], *, unsafe: bool, diff: bool, add_noqa: bool, write: bool = True
) -> FixReport:
    from scopelint import fixing  # libcst and the engine: only when fixing

    report = FixReport()
    for path, display, given in jobs:
        if given is not None:  # standard input: nothing to write back to
            report.warnings.append(f"{display}: standard input is not fixed")
            continue
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            report.warnings.append(f"{display}: cannot read: {exc.strerror or exc}")
            continue
        if is_notebook_path(path):
            _notebook(ctx, path, display, data, report, unsafe=unsafe, diff=diff, add_noqa=add_noqa, write=write)
            continue
        text, problem = decode_source(data)
        codec = _codec(data)
        if text is None or problem is not None:
            continue  # undecodable: SCO901 says why
        if _encode(text, codec) != data:
            report.warnings.append(f"{display}: not fixed (mixed line ends could not be written back unchanged)")
            continue
        if add_noqa:
            new = fixing.add_noqa(text, _findings_of(ctx, path, display, text, codec))
            n = 0 if new == text else sum(1 for a, b in zip(text.split("\n"), new.split("\n")) if a != b)
            applied: list = [None] * n
        else:
            lint = _linter(ctx, path, display, codec)
            new, applied = fixing.fix_until_stable(text, lint, unsafe=unsafe)
            if not unsafe:  # what --unsafe-fixes would add, to say so
                report.hidden += sum(1 for f in fixing.plan_fixes(new, lint(new), unsafe=True) if f.safety != "safe")
        if new == text:
            continue
        out = _encode(new, codec)
        if out is None or python_syntax_problem(new) is not None:
            report.warnings.append(f"{display}: not fixed (the fixed text would not parse or encode)")
            continue
        _deliver(
            report, path, display, out, len(applied), write, fixing.unified_diff(display, text, new) if diff else None
        )
    return report


def _deliver(
    report: FixReport, path: str, display: str, out: bytes, fixed: int, write: bool, diff: Optional[str]
) -> None:
    """Count the fixes of one file, then show their diff or write the file atomically."""
    report.fixed += fixed
    report.changed.append(display)
    if diff is not None:
        report.diffs.append(diff)
    elif write:
        from scopelint import fixing  # as above: only when fixing

        try:
            fixing.write_atomic(path, out)
        except OSError as exc:
            report.warnings.append(f"{display}: cannot write: {exc.strerror or exc}")


def _notebook(
    ctx: Context,
    path: str,
    display: str,
    data: bytes,
    report: FixReport,
    *,
    unsafe: bool,
    diff: bool,
    add_noqa: bool,
    write: bool,
) -> None:
    """One notebook: fixed as its code cells' program, written back into the cells (scopelint.notebook_fix)."""
    from scopelint import fixing  # libcst and the engine: only when fixing

    layout, why = notebook_fix.load(data)
    if layout is None:
        if why:
            report.warnings.append(f"{display}: {why}")
        return
    text = notebook_fix.program(layout)
    lint = notebook_fix.linter(ctx, path, display, layout)
    if add_noqa:
        new = fixing.add_noqa(text, lint(text))
        applied: list = [None] * sum(1 for a, b in zip(text.split("\n"), new.split("\n")) if a != b)
    else:
        new, applied = fixing.fix_until_stable(text, lint, unsafe=unsafe)
        if not unsafe:
            report.hidden += sum(1 for f in fixing.plan_fixes(new, lint(new), unsafe=True) if f.safety != "safe")
    if new == text:
        return
    sources = notebook_fix.cell_sources(layout, new)
    if sources is None:
        report.warnings.append(f"{display}: not fixed (a fix would change a line with an IPython magic)")
        return
    out = notebook_fix.notebook_bytes(layout, sources)
    try:
        still = build_program(read_cells(out)[0]).syntax_error is None
    except NotebookError:
        still = False
    if not still:
        report.warnings.append(f"{display}: not fixed (the fixed cells would not parse)")
        return
    _deliver(
        report,
        path,
        display,
        out,
        len(applied),
        write,
        notebook_fix.cell_diff(display, layout, sources) if diff else None,
    )


def print_report(report: FixReport, *, diff: bool, add_noqa: bool, quiet: bool) -> None:
    for w in report.warnings:
        print(f"scopelint: warning: {w}", file=sys.stderr)
    if diff:
        sys.stdout.write("".join(report.diffs))
        sys.stdout.flush()
        if not quiet:
            n = len(report.changed)
            print(
                f"Would fix {report.fixed} problem{'s' * (report.fixed != 1)} in {n} file{'s' * (n != 1)}",
                file=sys.stderr,
            )
    elif add_noqa:
        if not quiet:
            print(f"Added {report.fixed} noqa directive{'s' * (report.fixed != 1)}", file=sys.stderr)
    elif not quiet:
        print(f"Fixed {report.fixed} problem{'s' * (report.fixed != 1)}", file=sys.stderr)
    if report.hidden and not quiet and not add_noqa:
        n = report.hidden
        print(f"{n} more fix{'es' * (n != 1)} available with --unsafe-fixes", file=sys.stderr)
