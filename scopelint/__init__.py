"""scopelint: finds TensorFlow 1.x variable-scope and name-scope misuse statically."""

__version__ = "0.1.0"

from scopelint.results import Finding, LintResult, NameRecord  # noqa: E402

__all__ = ["Finding", "LintResult", "NameRecord", "lint_source", "__version__"]


def __getattr__(name: str):
    # `import scopelint` stays cheap (the version for --version, the cache
    # fingerprint, flake8's plugin discovery): the linter, and libcst behind
    # it, load on first use of `scopelint.lint_source`.
    if name == "lint_source":
        from scopelint.linter import lint_source

        return lint_source
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
