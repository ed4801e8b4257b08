"""What one lint of one module produces: findings and predicted variable names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True, order=True)
class Finding:
    """One problem. `line` and `column` are 1-based."""

    path: str
    line: int
    column: int
    code: str  # e.g. "SCO101"
    name: str  # kebab-case rule name, e.g. "duplicate-variable"
    message: str
    # In a notebook: the 1-based cell (among all cells); line and column are then within the cell.
    cell: Optional[int] = None

    def as_dict(self) -> dict:
        out = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "name": self.name,
            "message": self.message,
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

    def as_dict(self) -> dict:
        out = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "name": self.name,
            "action": self.action,
            "api": self.api,
            "more_iterations": self.more_iterations,
        }
        if self.cell is not None:
            out["cell"] = self.cell
        return out


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
    # (path, content digest) of every other project file the analysis read:
    # a cached result is valid only while they are unchanged.
    dependencies: list[tuple[str, str]] = field(default_factory=list)


class InternalError(Exception):
    """A bug in scopelint while analysing one file (never a user error)."""

    def __init__(self, path: str, phase: str, cause: BaseException):
        super().__init__(f"{path}: internal error in {phase}: {type(cause).__name__}: {cause}")
        self.path = path
        self.phase = phase
        self.cause = cause
