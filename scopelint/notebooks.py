"""Jupyter notebooks (and percent-format `.py` files) as programs to lint.

A notebook's code cells run in order in one kernel ("Run All"), so they are
analysed as one program: the code cells' sources, each turned into plain
Python the way IPython's input transformers would, written one after the
other. Every transformed cell has exactly the lines of the cell, and a
statement keeps its column except where a line magic prefix (`%time `) was
removed, which is recorded per line; findings on the program are mapped
back to (cell, line, column) exactly.

Reading is plain `json` plus checks of the few fields used (nbformat 4, and
nbformat 3's worksheets): the `nbformat` package would add jsonschema to
every install to validate fields scopelint never reads. Anything that is not
a readable notebook is a `NotebookError` (SCO901 for the front ends).

IPython syntax, at the start of a logical line only (never inside a string,
a bracket or a continued line), as IPython's `inputtransformer2` does:

* line magics `%name args`: `%time stmt` runs `stmt` (analysed); magics that
  run Python the analysis cannot see (`%run`, `%timeit`, unknown ones) are an
  unknown call; configuration magics (`%matplotlib inline`) do nothing;
* `!cmd` / `!!cmd` do nothing; `x = !cmd` and `x = %magic` bind an unknown value
  (`x = %time expr` binds `expr`);
* `obj?`, `obj??`, `?obj`: help, nothing runs;
* a cell magic on the cell's first line: `%%time`, `%%capture`, `%%prun` run
  the body (analysed); `%%timeit` and unknown cell magics are an unknown call;
  `%%bash`, `%%html`, `%%writefile`... run no Python of this kernel (skipped).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from scopelint.noqa import UNUSED_NOQA_CODE, filter_findings, parse
from scopelint.source import python_syntax_problem

NOTEBOOK_SUFFIX = ".ipynb"

# An undefined name: the analysis reads it as an unknown value, and calling it
# as a call into code it cannot see (which may create variables).
UNKNOWN_NAME = "__scopelint_unknown__"

# Line magics that run no user Python and change no TensorFlow state.
_INERT_LINE_MAGICS = frozenset(
    "alias alias_magic autoawait autocall automagic autoreload bookmark cd clear colors conda config dhist dirs "
    "doctest_mode env gui hist history killbgscripts ldir less load_ext lsmagic magic matplotlib notebook page "
    "pdb pdef pdoc pfile pinfo pinfo2 pip popd pprint precision psearch psource pushd pwd pycat pylab qtconsole "
    "quickref reload_ext reset reset_selective save sc set_env store sx system tb tensorflow_version unalias "
    "unload_ext who who_ls whos xdel xmode aimport sql".split()
)
# Line magics whose argument is a statement run once, as if written alone.
_RUN_LINE_MAGICS = frozenset({"time", "capture", "prun"})
# Cell magics whose body is Python run once in this kernel.
_RUN_CELL_MAGICS = frozenset({"time", "capture", "prun"})
# Cell magics whose body is not Python of this kernel.
_FOREIGN_CELL_MAGICS = frozenset(
    "bash sh script html HTML javascript js latex markdown svg writefile file perl ruby python python2 python3 "
    "pypy system ! sx latex md".split()
)

_MAGIC = re.compile(r"%{1,2}(?P<name>[A-Za-z_!][\w.]*)?")
# `name = !cmd`, `a, b = %magic args`: IPython's assignment forms.
_ASSIGN_MAGIC = re.compile(r"(?P<lhs>[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*)(?P<kind>!|%(?!%))(?P<rest>.*)$")
_HELP = re.compile(r"(?:\?{1,2}%{0,2}[A-Za-z_*][\w*.]*|%{0,2}[A-Za-z_*][\w*.]*(?:\(\))?\?{1,2})\s*(?:#.*)?$")
_FUTURE = re.compile(r"from\s+__future__\s+import\s+[\w\s,]+(?:#.*)?$")
# Percent-format cell markers (jupytext, VS Code, Spyder, PyCharm), and the
# separator nbqa writes between cells (`nbqa flake8` then gets SCO204).
PERCENT_MARKER = re.compile(r"^# ?%%(?:$|[ \[]|NBQA-CELL-SEP)", re.M)


class NotebookError(Exception):
    """Not a notebook scopelint can read; `line`/`column` locate it in the file."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Cell:
    number: int  # 1-based among all cells, markdown and raw included (as ruff counts)
    kind: str  # "code", "markdown", "raw", ...
    source: str


def is_notebook_path(path: str) -> bool:
    return path.lower().endswith(NOTEBOOK_SUFFIX)


def _source(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(s, str) for s in value):
        return "".join(value)
    raise NotebookError(f"not a valid notebook: {where} must be a string or a list of strings")


def read_cells(data: bytes) -> Tuple[List[Cell], Optional[str]]:
    """(cells, language): every cell in order, and the kernel's language if
    the notebook names one. Raises NotebookError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"not a notebook: the file is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if not text.strip():
        raise NotebookError("not a notebook: the file is empty")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"not a notebook: invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise NotebookError("not a notebook: the JSON is nested too deeply") from None
    if not isinstance(doc, dict):
        raise NotebookError(f"not a notebook: the JSON document is a {type(doc).__name__}, not an object with 'cells'")
    major = doc.get("nbformat")
    if major is None and "cells" not in doc and "worksheets" not in doc:
        raise NotebookError("not a notebook: no 'nbformat' and no 'cells' in the JSON document")
    if major is not None and (not isinstance(major, int) or isinstance(major, bool)):
        raise NotebookError(f"not a valid notebook: 'nbformat' is {major!r}, not an integer")
    raw_cells: list = []
    code_key = "source"
    if isinstance(major, int) and major < 3:
        raise NotebookError(f"unsupported notebook format: nbformat {major} (scopelint reads nbformat 3 and 4)")
    if isinstance(major, int) and major == 3 or ("cells" not in doc and "worksheets" in doc):
        # nbformat 3: cells live in worksheets; a code cell's text is `input`.
        worksheets = doc.get("worksheets", [])
        if not isinstance(worksheets, list):
            raise NotebookError("not a valid notebook: 'worksheets' must be a list")
        for ws in worksheets:
            cells = ws.get("cells", []) if isinstance(ws, dict) else None
            if not isinstance(cells, list):
                raise NotebookError("not a valid notebook: a worksheet's 'cells' must be a list")
            raw_cells.extend(cells)
        code_key = "input"
    else:
        raw_cells = doc.get("cells")  # type: ignore[assignment]  # checked just below
        if not isinstance(raw_cells, list):
            raise NotebookError("not a valid notebook: 'cells' must be a list")
    out: List[Cell] = []
    for number, cell in enumerate(raw_cells, start=1):
        if not isinstance(cell, dict):
            raise NotebookError(f"not a valid notebook: cell {number} is not an object")
        kind = cell.get("cell_type")
        if not isinstance(kind, str):
            raise NotebookError(f"not a valid notebook: cell {number} has no 'cell_type'")
        key = code_key if kind == "code" else "source"
        out.append(Cell(number, kind, _source(cell.get(key, ""), f"cell {number}'s '{key}'")))
    return out, _language(doc)


def _language(doc: dict) -> Optional[str]:
    meta = doc.get("metadata")
    if not isinstance(meta, dict):
        return None
    for holder, key in (("kernelspec", "language"), ("language_info", "name")):
        value = meta.get(holder)
        if isinstance(value, dict) and isinstance(value.get(key), str):
            return value[key].lower()
    return None


# ---------------------------------------------------------------- IPython syntax


@dataclass
class _Scan:
    """Where a line ends, lexically: inside a string, brackets, a continuation."""

    quote: Optional[str] = None  # the open triple quote
    depth: int = 0
    continued: bool = False

    @property
    def at_start(self) -> bool:
        return self.quote is None and self.depth == 0 and not self.continued

    def feed(self, line: str) -> None:
        i, n = 0, len(line)
        self.continued = False
        while i < n:
            if self.quote is not None:
                j = line.find(self.quote, i)
                k = line.find("\\", i)
                if k != -1 and (j == -1 or k < j):
                    i = k + 2
                    continue
                if j == -1:
                    return
                i = j + 3
                self.quote = None
                continue
            c = line[i]
            if c == "#":
                return
            if c in "([{":
                self.depth += 1
            elif c in ")]}":
                self.depth = max(0, self.depth - 1)
            elif c == "\\" and i == n - 1:
                self.continued = True
            elif c in "'\"":
                if line.startswith(c * 3, i):
                    self.quote = c * 3
                    i += 3
                    continue
                i += 1
                while i < n and line[i] != c:
                    i += 2 if line[i] == "\\" else 1
                if i >= n and line.endswith("\\"):
                    self.continued = True
            i += 1


@dataclass
class CellCode:
    """A cell as Python: the same lines, magics replaced."""

    text: str
    # line (1-based) -> (0-based column where text was removed, characters removed)
    shifts: Dict[int, Tuple[int, int]] = field(default_factory=dict)


def _line_magic(indent: str, body: str, lineno: int, shifts: dict) -> str:
    m = _MAGIC.match(body)
    name = (m.group("name") or "") if m else ""
    rest = body[m.end() :] if m else ""
    if name in _RUN_LINE_MAGICS:
        stmt = rest.lstrip()
        if not stmt:
            return indent + "pass"
        removed = len(body) - len(stmt)
        shifts[lineno] = (len(indent), removed)
        return indent + stmt
    if name in _INERT_LINE_MAGICS:
        return indent + "pass"
    return indent + UNKNOWN_NAME + "()"


def to_python(source: str) -> CellCode:
    """One cell's source as Python, line for line."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    shifts: Dict[int, Tuple[int, int]] = {}
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    start = 0
    if first is not None and lines[first].startswith("%%"):
        m = _MAGIC.match(lines[first])
        name = (m.group("name") or "") if m else ""
        if name in _RUN_CELL_MAGICS:
            lines[first] = ""
            start = first + 1
        elif name in _FOREIGN_CELL_MAGICS:
            return CellCode("\n".join("" for _ in lines))
        else:  # %%timeit, or a magic we do not know: Python we cannot follow
            return CellCode("\n".join(UNKNOWN_NAME + "()" if i == first else "" for i in range(len(lines))))
    scan = _Scan()
    for i in range(start, len(lines)):
        line = lines[i]
        if scan.at_start:
            stripped = line.lstrip()
            indent = line[: len(line) - len(stripped)]
            lineno = i + 1
            if stripped.startswith("%"):
                line = _line_magic(indent, stripped, lineno, shifts)
            elif stripped.startswith("!"):
                line = indent + "pass"
            elif stripped and _HELP.match(stripped):
                line = indent + "pass"
            elif not indent and _FUTURE.match(stripped):
                # Legal at the top of any cell, but not in the middle of the joined program.
                line = "pass"
            else:
                m = _ASSIGN_MAGIC.match(stripped)
                if m:
                    value = UNKNOWN_NAME
                    if m.group("kind") == "%":
                        mm = _MAGIC.match("%" + m.group("rest"))
                        if mm and mm.group("name") == "time" and m.group("rest")[mm.end() - 1 :].strip():
                            expr = m.group("rest")[mm.end() - 1 :].lstrip()
                            cut = len(indent) + len(m.group("lhs"))
                            shifts[lineno] = (cut, len(stripped) - len(m.group("lhs")) - len(expr))
                            value = expr
                    line = indent + m.group("lhs") + value
            lines[i] = line
        scan.feed(line)
    return CellCode("\n".join(lines), shifts)


# ---------------------------------------------------------------- the program


@dataclass
class Segment:
    """One code cell's lines in the program."""

    cell: int  # notebook cell number
    first: int  # its first line in the program (1-based)
    count: int  # its number of lines
    shifts: Dict[int, Tuple[int, int]]


@dataclass
class Program:
    text: str
    segments: List[Segment]
    # A cell CPython cannot compile: Run All stops there (cell, line, col, message).
    syntax_error: Optional[Tuple[int, int, int, str]] = None

    def locate(self, line: int, column: int) -> Tuple[Optional[int], int, int]:
        """Program (line, column) -> (cell, line in cell, column in cell)."""
        for seg in self.segments:
            if seg.first <= line < seg.first + seg.count:
                local = line - seg.first + 1
                shift = seg.shifts.get(local)
                if shift is not None and column - 1 >= shift[0]:
                    column += shift[1]
                return seg.cell, local, column
        return None, line, column

    def label(self, line: int) -> str:
        cell, local, _ = self.locate(line, 1)
        return f"cell {cell} line {local}" if cell is not None else f"line {line}"

    def cell_ranges(self) -> List[Tuple[int, int]]:
        """(first, last) program lines of each code cell that has any."""
        return [(s.first, s.first + s.count - 1) for s in self.segments if s.count]


def build_program(cells: Sequence[Cell]) -> Program:
    """The code cells as one program, up to the first that does not compile."""

    parts: List[str] = []
    segments: List[Segment] = []
    line = 1
    for cell in cells:
        if cell.kind != "code":
            continue
        code = to_python(cell.source)
        text = code.text
        problem = python_syntax_problem(text) if text.strip() else None
        if problem is not None:
            shift = code.shifts.get(problem.line)
            column = problem.column + (shift[1] if shift and problem.column - 1 >= shift[0] else 0)
            return Program("".join(parts), segments, (cell.number, problem.line, column, problem.message))
        if not text.endswith("\n"):
            text += "\n"
        count = text.count("\n")
        segments.append(Segment(cell.number, line, count, code.shifts))
        parts.append(text)
        line += count
    return Program("".join(parts), segments)


def percent_cells(text: str) -> Optional[List[Tuple[int, int]]]:
    """(first, last) lines of the cells of a percent-format file (`# %%`
    markers at the start of a line), or None when it has no marker."""
    starts = [text.count("\n", 0, m.start()) + 1 for m in PERCENT_MARKER.finditer(text)]
    if not starts:
        return None
    total = text.count("\n") + (0 if text.endswith("\n") else 1)
    bounds = ([1] if starts[0] > 1 else []) + starts
    return [(a, b - 1) for a, b in zip(bounds, bounds[1:] + [total + 1]) if b - 1 >= a]


def statement_ranges(module: Any, text: str, line_ranges: Sequence[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Each cell's top-level libcst statements as [start, end) indices into
    `module.body`, from the cells' (first, last) program lines."""
    import ast

    import libcst as cst

    from scopelint.positions import statement_lines

    lines = statement_lines(ast.parse(text))
    firsts: List[int] = []
    j = 0
    for stmt in module.body:
        firsts.append(lines[j] if j < len(lines) else 0)
        j += len(stmt.body) if isinstance(stmt, cst.SimpleStatementLine) else 1
    out = []
    i = 0
    for first, last in line_ranges:
        while i < len(firsts) and firsts[i] < first:
            i += 1
        start = i
        while i < len(firsts) and firsts[i] <= last:
            i += 1
        if i > start:
            out.append((start, i))
    return out


# ---------------------------------------------------------------- findings


_LINE_REFS = re.compile(r"\bcall chain (\d+(?: -> \d+)+)|\bline (\d+)\b")


def relabel(message: str, program: Program) -> str:
    """Line numbers in a message (program lines) as cell lines."""

    def one(m: "re.Match") -> str:
        if m.group(1) is not None:
            return "call chain " + " -> ".join(program.label(int(n)) for n in m.group(1).split(" -> "))
        return program.label(int(m.group(2)))

    return _LINE_REFS.sub(one, message)


def filter_notebook_findings(findings, data: bytes, enabled: frozenset, all_codes, path: str) -> list:
    """scopelint.noqa.filter_findings for a notebook: inline `# noqa` on a
    cell's line, a file-level `# scopelint: noqa` in any code cell."""
    import dataclasses

    try:
        cells, _language = read_cells(data)
    except NotebookError:
        cells = []
    code = {c.number: to_python(c.source).text for c in cells if c.kind == "code"}
    whole = parse("\n".join(code.values()))
    if whole.file_all:
        return []
    by_cell: Dict[Optional[int], list] = {}
    for f in findings:
        by_cell.setdefault(f.cell, []).append(f)
    numbers = set(by_cell) | (set(code) if UNUSED_NOQA_CODE in enabled else set())
    out: list = []
    for number in sorted(numbers, key=lambda n: -1 if n is None else n):
        group = by_cell.get(number, [])
        if number is None:  # about the whole file (SCO901)
            out.extend(f for f in group if f.code in enabled)
            continue
        kept = filter_findings(group, code.get(number), enabled, all_codes, path)
        out.extend(f if f.cell is not None else dataclasses.replace(f, cell=number) for f in kept)
    return [f for f in out if not whole.file_covers(f.code)]
