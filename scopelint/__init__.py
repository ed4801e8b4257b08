"""scopelint: finds TensorFlow 1.x variable-scope and name-scope misuse statically."""

__version__ = "0.1.0"

from scopelint.results import Finding, LintResult, NameRecord  # noqa: E402
from scopelint.linter import lint_source  # noqa: E402

__all__ = ["Finding", "LintResult", "NameRecord", "lint_source", "__version__"]
