"""The single linting function every front end (CLI, flake8, pre-commit) calls."""

from __future__ import annotations

import re
from typing import Optional, Union

import libcst as cst

from scopelint.results import Finding, InternalError, LintResult
from scopelint.source import decode_source

# Only a module that imports TensorFlow (or tf_slim) can produce a finding:
# every API the engine knows is reached through such an import.
_PREFILTER = re.compile(rb"tensorflow|tf_slim")

PARSE_ERROR_CODE = "SCO901"
PARSE_ERROR_NAME = "parse-error"


def _parse_error(path: str, message: str, line: int = 1, column: int = 1) -> Finding:
    return Finding(path, line, column, PARSE_ERROR_CODE, PARSE_ERROR_NAME, message)


def lint_source(
    source: Union[str, bytes],
    path: str = "<stdin>",
    *,
    names: bool = False,
    prefilter: bool = True,
) -> LintResult:
    """Lint one module. Returns findings (and, with `names`, predicted names).

    Raises InternalError only for a bug in scopelint itself.
    """
    result = LintResult(path)
    if isinstance(source, bytes):
        if prefilter and not _PREFILTER.search(source):
            result.skipped = True
            return result
        text, problem = decode_source(source)
        if problem is not None:
            result.findings.append(_parse_error(path, problem.message, problem.line, problem.column))
            return result
    else:
        text = source
        if prefilter and not _PREFILTER.search(text.encode("utf-8", "surrogatepass")):
            result.skipped = True
            return result
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        msg = f"cannot parse: {exc.message}".replace("\n", " ")
        result.findings.append(_parse_error(path, msg, exc.raw_line, exc.raw_column + 1))
        return result
    except (RecursionError, MemoryError) as exc:
        result.findings.append(_parse_error(path, f"cannot parse: {type(exc).__name__} (source too deeply nested or too large)"))
        return result
    except Exception as exc:  # libcst's native parser raises a few other types
        if type(exc).__name__ in ("ParserSyntaxError", "SyntaxError"):
            result.findings.append(_parse_error(path, f"cannot parse: {exc}".replace("\n", " ")))
            return result
        raise InternalError(path, "parse", exc) from exc

    from scopelint.engine.analysis import analyze_module
    from scopelint.rules import run_rules

    try:
        analysis = analyze_module(module)
        result.findings.extend(run_rules(analysis, path))
        if names:
            result.names.extend(analysis.name_records(path))
    except RecursionError as exc:
        raise InternalError(path, "analysis (recursion)", exc) from exc
    except Exception as exc:
        raise InternalError(path, "analysis", exc) from exc
    result.findings.sort(key=lambda f: (f.line, f.column, f.code))
    result.names.sort(key=lambda n: (n.line, n.column))
    return result


def lint_path(path: str, *, names: bool = False, prefilter: bool = True) -> LintResult:
    """Read and lint one file; an unreadable file raises OSError for the caller."""
    with open(path, "rb") as fh:
        data = fh.read()
    return lint_source(data, path, names=names, prefilter=prefilter)
