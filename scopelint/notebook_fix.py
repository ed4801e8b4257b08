"""`--fix`, `--unsafe-fixes`, `--diff` and `--add-noqa` on Jupyter notebooks.

The fixes work on the code cells as one percent-format program (each code
cell as `notebooks.to_python` turns it into Python, after a `# %%` line),
the way `.py` files with cells are fixed; the findings that pick the fixes
come from linting the notebook itself (`jobs.check_one`, so selection,
per-file ignores and `# noqa` apply as in a normal run). The fixed program
is then cut back into cells: lines the fix left alone keep the cell's own
text (magics byte for byte), changed lines replace the cell's lines, and a
fix that would change a line holding a magic is not applied (the notebook
is left as it was; adding a `# noqa` comment after a magic is fine).

Only the code cells' `source` (nbformat 3: `input`) is written, in the
form it had (one string or a list of lines). The JSON is written the way
the file was: when re-encoding the unchanged notebook with some indent and
escaping gives back the file exactly, that encoding writes the fixed one
(Jupyter's own layout and most others), so key order, outputs and the
trailing newline stay as they were; otherwise the indent of its second line
is used. A notebook whose cells do not all parse is never written.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Sequence, Tuple

from scopelint.jobs import Context, check_one
from scopelint.notebooks import PERCENT_MARKER, NotebookError, build_program, read_cells, to_python
from scopelint.results import Finding

MARKER = "# %%"
_BOM = "\ufeff"


@dataclass
class Layout:
    """A notebook's JSON and its code cells, as the fixes see them."""

    text: str  # the file's JSON text (without a BOM)
    bom: bool
    doc: Any
    cells: List[Tuple[dict, str]]  # (code cell object, key of its source), in order
    numbers: List[int]  # their cell numbers (among all cells)
    sources: List[str]
    pythons: List[str]  # each as Python (to_python)
    encode: Optional[Callable[[Any], str]] = None  # the file's JSON layout, once found


def load(data: bytes) -> Tuple[Optional[Layout], Optional[str]]:
    """(layout, None), or (None, why it is not fixed; None: nothing to say)."""
    try:
        cells, _language = read_cells(data)
        text = data.decode("utf-8-sig")
        doc = json.loads(text)
    except (NotebookError, UnicodeDecodeError, ValueError, RecursionError):
        return None, None  # SCO901 says why
    if build_program(cells).syntax_error is not None:
        return None, None  # Run All stops there (SCO901): never written
    raw = _code_cells(doc)
    code = [c for c in cells if c.kind == "code"]
    if raw is None or len(raw) != len(code):
        return None, None
    pythons = [to_python(c.source).text for c in code]
    if any(PERCENT_MARKER.search(p) for p in pythons):
        return None, "not fixed (a code cell has a `# %%` line)"
    return Layout(
        text, data.startswith(b"\xef\xbb\xbf"), doc, raw, [c.number for c in code], [c.source for c in code], pythons
    ), None


def _code_cells(doc: Any) -> Optional[List[Tuple[dict, str]]]:
    if "cells" in doc:
        cells, key = doc["cells"], "source"
    else:  # nbformat 3
        cells = [c for ws in doc.get("worksheets", []) for c in ws.get("cells", [])]
        key = "input"
    if not isinstance(cells, list):
        return None
    return [(c, key) for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]


# ---------------------------------------------------------------- the program


def program(layout: Layout) -> str:
    """The code cells as one percent-format program."""
    return "".join(f"{MARKER}\n{p}" + ("" if p.endswith("\n") else "\n") for p in layout.pythons)


def _pieces(layout: Layout, text: str) -> Optional[List[str]]:
    lines = text.split("\n")
    marks = [i for i, line in enumerate(lines) if line == MARKER]
    if len(marks) != len(layout.pythons) or (marks and marks[0] != 0):
        return None
    out = []
    for k, (a, b) in enumerate(zip(marks, marks[1:] + [len(lines) - 1])):
        piece = "\n".join(lines[a + 1 : b]) + "\n"
        if not layout.pythons[k].endswith("\n"):
            piece = piece[:-1]
        out.append(piece)
    return out


def _back(source: str, old: str, new: str) -> Optional[str]:
    """A cell's source after its Python went from `old` to `new`, or None
    when that would change a line IPython transforms (a magic)."""
    if old == new:
        return source
    crlf = "\r\n" in source
    orig = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    a, b = old.split("\n"), new.split("\n")
    if len(orig) != len(a):
        return None
    out: List[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(orig[i1:i2])
        elif all(orig[i] == a[i] for i in range(i1, i2)):
            out.extend(b[j1:j2])
        elif (
            tag == "replace"
            and i2 - i1 == j2 - j1
            and all(b[j1 + k].startswith(a[i]) for k, i in enumerate(range(i1, i2)))
        ):
            # Text added after a transformed line (a noqa comment after a magic).
            out.extend(orig[i] + b[j1 + k][len(a[i]) :] for k, i in enumerate(range(i1, i2)))
        else:
            return None
    return ("\r\n" if crlf else "\n").join(out)


def cell_sources(layout: Layout, text: str) -> Optional[List[str]]:
    """The code cells' new sources from the fixed program, or None."""
    pieces = _pieces(layout, text)
    if pieces is None:
        return None
    out = []
    for source, old, new in zip(layout.sources, layout.pythons, pieces):
        back = _back(source, old, new)
        if back is None:
            return None
        out.append(back)
    return out


# ---------------------------------------------------------------- JSON


# The layouts tried (indent, escape non-ASCII), Jupyter's first.
_LAYOUTS: List[Tuple[Any, bool]] = [(i, a) for i in (1, 2, 4, 3, "\t", None) for a in (False, True)]


def _layout_of(layout: Layout) -> Callable[[Any], str]:
    text = layout.text.replace("\r\n", "\n")
    body = text.rstrip("\n")
    for indent, ascii_ in _LAYOUTS:
        if json.dumps(layout.doc, indent=indent, ensure_ascii=ascii_) == body:
            return functools.partial(json.dumps, indent=indent, ensure_ascii=ascii_)
    second = text.split("\n", 2)[1] if text.count("\n") >= 2 else ""
    indent = len(second) - len(second.lstrip(" ")) or 1
    return functools.partial(json.dumps, indent=indent, ensure_ascii=False)


def notebook_bytes(layout: Layout, sources: Sequence[str]) -> bytes:
    """The notebook's file with the code cells' sources replaced."""
    if layout.encode is None:
        layout.encode = _layout_of(layout)
    encode = layout.encode
    doc = json.loads(layout.text)  # a copy: the layout keeps the original
    for (cell, key), old, new in zip(_code_cells(doc) or [], layout.sources, sources):
        if new == old:
            continue
        cell[key] = new.splitlines(keepends=True) if isinstance(cell.get(key), list) else new
    text = layout.text.replace("\r\n", "\n")
    out = encode(doc) + text[len(text.rstrip("\n")) :]
    if "\r\n" in layout.text:
        out = out.replace("\n", "\r\n")
    return ((_BOM if layout.bom else "") + out).encode("utf-8")


# ---------------------------------------------------------------- lint and diff


def linter(ctx: Context, path: str, display: str, layout: Layout) -> Callable[[str], List[Finding]]:
    """Findings of the notebook that `text` (the program) stands for, on the program's lines."""

    def lint(text: str) -> List[Finding]:
        sources = cell_sources(layout, text)
        if sources is None:
            return []
        marks = [i + 1 for i, line in enumerate(text.split("\n")) if line == MARKER]
        first = dict(zip(layout.numbers, marks))  # cell number -> its marker's line
        found = check_one(ctx, None, path, display, notebook_bytes(layout, sources)).findings
        return [
            dataclasses.replace(f, cell=None, line=first[f.cell] + f.line)
            for f in found
            if f.path == display and f.cell in first
        ]

    return lint


def cell_diff(display: str, layout: Layout, sources: Sequence[str]) -> str:
    """A unified diff of each changed cell's source."""
    out = []
    for number, old, new in zip(layout.numbers, layout.sources, sources):
        if old != new:
            name = f"{display}:cell {number}"
            lines = difflib.unified_diff(old.splitlines(), new.splitlines(), fromfile=name, tofile=name, lineterm="")
            out.append("\n".join(lines) + "\n")
    return "".join(out)


def plan_cell_fixes(data: bytes, findings: Sequence[Finding], *, unsafe: bool) -> List[Tuple[Finding, Any, List[str]]]:
    """The fixes for a notebook's findings (each with its `cell`), each
    applied alone: (the finding, scopelint.fixing.Fix, the code cells' new
    sources). For the language server's code actions."""
    from scopelint.fixing import plan_fixes  # libcst and the engine: only when fixing

    layout, _why = load(data)
    if layout is None:
        return []
    text = program(layout)
    marks = [i + 1 for i, line in enumerate(text.split("\n")) if line == MARKER]
    first = dict(zip(layout.numbers, marks))
    mapped = {(f.code, first[f.cell] + f.line): f for f in findings if f.cell in first}
    on_program = [dataclasses.replace(f, cell=None, line=line) for (_code, line), f in mapped.items()]
    out = []
    for fix in plan_fixes(text, on_program, unsafe=unsafe):
        sources = cell_sources(layout, fix.new_source)
        if sources is not None and (fix.code, fix.line) in mapped:
            out.append((mapped[(fix.code, fix.line)], fix, sources))
    return out
