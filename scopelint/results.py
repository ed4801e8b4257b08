"""What one lint of one module produces: findings and predicted variable names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Optional, Tuple

ERROR, WARNING = "error", "warning"


def severity_of(code: str) -> str:
    """SCO1xx: TensorFlow raises (error); SCO2xx: TensorFlow silently does
    something else (warning); SCO9xx: about the linting itself (a file not
    analysed is an error, a stale `# noqa` a warning)."""
    if code.startswith("SCO2") or code == "SCO902":
        return WARNING
    return ERROR


class Related(NamedTuple):
    """Another place a finding involves, e.g. where a variable was first created."""

    line: int
    column: int  # 1-based; 0 when only the line is known
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem. `line` and `column` are 1-based."""

    path: str
    line: int
    column: int
    code: str  # e.g. "SCO101"
    name: str  # kebab-case rule name, e.g. "duplicate-variable"
    message: str
    related: Tuple[Related, ...] = ()
    # In a notebook: the 1-based cell (among all cells); line and column are then within the cell.
    cell: Optional[int] = None

    @property
    def severity(self) -> str:
        return severity_of(self.code)

    def as_dict(self) -> dict:
        out = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "related": [r.as_dict() for r in self.related],
        }
        if self.cell is not None:
            out["cell"] = self.cell
        return out


@dataclass(frozen=True, order=True)
class NameRecord:
    """One variable-creating or -reusing call and the name TensorFlow gives it.

    `name` is the full name as TF prints it (`scope/w:0`); parts the analysis
    cannot know print as `?`. `action` is "create" or "reuse".
    """

    path: str
    line: int
    column: int
    name: str
    action: str
    api: str
    cell: Optional[int] = None  # as Finding.cell
    # Made in a loop whose length the analysis does not know: later
    # iterations run this call again, and are not predicted.
    more_iterations: bool = False
    # The call chain that made it, outermost first, ending at this call:
    # (path, line, cell) per call site (cell: in a notebook, else None).
    chain: Tuple[Tuple[str, int, Optional[int]], ...] = ()
    # Made in an imported module: the linted file whose run reached it.
    entry: Optional[str] = None
    shape: Optional[tuple] = None  # the variable's static shape, when the analysis knows it
    dtype: Optional[str] = None  # its dtype (float32, int32...), when known

    def as_dict(self) -> dict:
        out = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "name": self.name,
            "action": self.action,
            "api": self.api,
            "more_iterations": self.more_iterations,
            "chain": [_site(path, line, cell) for path, line, cell in self.chain],
            "shape": list(self.shape) if self.shape is not None else None,
            "dtype": self.dtype,
        }
        if self.cell is not None:
            out["cell"] = self.cell
        if self.entry is not None:
            out["entry"] = self.entry
        return out

    def chain_text(self) -> str:
        """`9 -> 5` (lines of this file), `train.py:9 -> model.py:5` across files;
        empty for a call made directly at the row's position."""
        if len(self.chain) < 2:
            return ""
        one_file = all(path == self.path for path, _, _ in self.chain)
        return " -> ".join(_label(path, line, cell, one_file) for path, line, cell in self.chain)


def _site(path: str, line: int, cell: Optional[int]) -> dict:
    out: dict = {"path": path, "line": line}
    if cell is not None:
        out["cell"] = cell
    return out


def _label(path: str, line: int, cell: Optional[int], one_file: bool) -> str:
    where = f"cell {cell}:{line}" if cell is not None else str(line)
    return where if one_file else f"{path}:{where}"


@dataclass(frozen=True)
class CheckpointRecord:
    """A checkpoint a program writes, or a restore it makes whose checkpoint
    no earlier save of the same program wrote (the rule SCO112 checks those
    within the program): what links programs (and `--checkpoint`) to restores.

    `target`: for a save, the prefix written (`?` for unknown parts, "" when
    the path is unknown: `blind`); for a restore, the path read, as the
    program spells it, relative to its working directory unless absolute.
    `target_kind`: "prefix", "latest" (the newest checkpoint of a directory)
    or "either" (init_from_checkpoint: a directory or a prefix).
    `directory`: a save's directory (whose `checkpoint` file it updates).
    `keys`: (key, variable, shape or None, slot, dtype or None) per key; None when unknown.
    """

    path: str
    line: int
    column: int
    action: str  # "save", "saver.restore" or "init_from_checkpoint"
    target_kind: str
    target: str
    directory: str = ""
    keys: Optional[Tuple[Tuple[str, str, Optional[Tuple[int, ...]], bool, Optional[str]], ...]] = None
    saver_line: int = 0  # where the Saver was built (0: not a Saver's)
    blind: bool = False

    def as_list(self) -> list:
        keys = (
            None
            if self.keys is None
            else [[k, v, None if s is None else list(s), slot, d] for k, v, s, slot, d in self.keys]
        )
        return [self.line, self.column, self.action, self.target_kind, self.target, self.directory, keys,
                self.saver_line, self.blind]  # fmt: skip

    @staticmethod
    def from_list(path: str, data: list) -> "CheckpointRecord":
        line, column, action, kind, target, directory, keys, saver_line, blind = data
        parsed = None
        if keys is not None:
            parsed = tuple(
                (
                    str(k),
                    str(v),
                    None if s is None else tuple(int(x) for x in s),
                    bool(sl),
                    None if d is None else str(d),
                )
                for k, v, s, sl, d in keys
            )
        return CheckpointRecord(path, int(line), int(column), str(action), str(kind), str(target), str(directory),
                                parsed, int(saver_line), bool(blind))  # fmt: skip


@dataclass
class LintResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    names: list[NameRecord] = field(default_factory=list)
    # True when the text prefilter skipped parsing (no TensorFlow import possible).
    skipped: bool = False
    # Why some or all of the file was not analysed (a size or depth limit):
    # nothing is reported for what was not analysed. Front ends may show them.
    notes: list[str] = field(default_factory=list)
    # Other files the analysis read, as (path, SHA-256 of the bytes read): a
    # cached result is reused only while each still hashes the same.
    dependencies: list[tuple[str, str]] = field(default_factory=list)
    # Saves and not-yet-linked restores (CheckpointRecord), for the project-level restore check.
    checkpoints: list[CheckpointRecord] = field(default_factory=list)


class InternalError(Exception):
    """A bug in scopelint while analysing one file (never a user error)."""

    def __init__(self, path: str, phase: str, cause: BaseException):
        super().__init__(f"{path}: internal error in {phase}: {type(cause).__name__}: {cause}")
        self.path = path
        self.phase = phase
        self.cause = cause
