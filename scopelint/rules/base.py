"""The shape every rule module fills in (docs, examples, and its check)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional


@dataclass(frozen=True)
class Example:
    """A program for a rule's docs and tests.

    For invalid examples `lines` lists the 1-based lines the rule must flag.
    `tf_error` is the start of the error real TensorFlow raises (1xx rules);
    `tf_name` a variable name TF creates that the message claims (2xx rules).
    """

    code: str
    lines: tuple = ()
    tf_error: Optional[str] = None
    tf_name: Optional[str] = None


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    what: str
    why: str
    example: str
    use_instead: str
    fix_safety: str = "No automatic fix."
    limits: str = ""
    invalid: tuple = ()  # tuple[Example, ...]
    valid: tuple = ()  # tuple[str, ...]
    opt_in: bool = False  # not in the default selection
    # check(analysis) -> iterable of (node-or-position, message); None for
    # rules that front ends emit themselves (SCO901, SCO902).
    check: Optional[Callable] = field(default=None, compare=False)
    # fix(analysis) -> iterable of rules._fixes.Proposal (scopelint.fixing
    # applies them); None: no automatic fix. `fix_safety` documents it.
    fix: Optional[Callable] = field(default=None, compare=False)

    def doc(self) -> str:
        """Markdown documentation (ruff's layout)."""
        parts = [
            f"# {self.code} `{self.name}`",
            "",
            self.summary,
            "",
            "## What it does",
            self.what.strip(),
            "",
            "## Why is this bad?",
            self.why.strip(),
            "",
            "## Example",
            "```python",
            self.example.strip("\n"),
            "```",
            "",
            "## Use instead",
            "```python",
            self.use_instead.strip("\n"),
            "```",
            "",
            "## Fix safety",
            self.fix_safety.strip(),
        ]
        if self.limits:
            parts += ["", "## Known limits", self.limits.strip()]
        return "\n".join(parts) + "\n"
