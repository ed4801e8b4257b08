"""The single linting function every front end (CLI, flake8, pre-commit) calls."""

from __future__ import annotations

import re
from typing import Optional, Union

import libcst as cst

from scopelint.results import Finding, InternalError, LintResult
from scopelint.source import decode_source, nesting_problem, python_syntax_problem

# Only a module that imports TensorFlow (or tf_slim) can produce a finding:
# every API the engine knows is reached through such an import.
_PREFILTER = re.compile(rb"tensorflow|tf_slim")

PARSE_ERROR_CODE = "SCO901"
PARSE_ERROR_NAME = "parse-error"


def _parse_error(path: str, message: str, line: int = 1, column: int = 1) -> Finding:
    return Finding(path, line, column, PARSE_ERROR_CODE, PARSE_ERROR_NAME, message)


_LIBCST_POSITION = re.compile(r"error at (\d+):(\d+)")


def _syntax_error(path: str, text: str, libcst_message: str) -> Finding:
    """One SCO901 for a file libcst refused: CPython's message and position
    (libcst's native parser reports every error at 1:1 and words it in
    grammar terms); if CPython accepts the file, say that libcst cannot."""
    problem = python_syntax_problem(text, path)
    if problem is not None:
        return _parse_error(path, f"cannot parse: {problem.message}", problem.line, problem.column)
    detail = " ".join(libcst_message.split())
    match = _LIBCST_POSITION.search(detail)
    line, column = (int(match.group(1)), int(match.group(2)) + 1) if match else (1, 1)
    return _parse_error(path, f"cannot parse: Python accepts this file but libcst cannot parse it ({detail})", line, column)


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
    # --- parse (and parse-error handling) -------------------------------
    # Brackets nested past CPython's limit (200) would make libcst's native
    # parser run for minutes and then overflow its stack (SIGSEGV, which no
    # `except` catches), so Python's own parser judges such files first.
    problem = nesting_problem(text, path)
    if problem is not None:
        result.findings.append(_parse_error(path, f"cannot parse: {problem.message}", problem.line, problem.column))
        return result
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        result.findings.append(_syntax_error(path, text, exc.message))
        return result
    except (RecursionError, MemoryError) as exc:
        result.findings.append(
            _parse_error(path, f"cannot parse: the source is too deeply nested or too large for the parser ({type(exc).__name__})")
        )
        return result
    except UnicodeEncodeError as exc:  # str input holding a lone surrogate
        line = text.count("\n", 0, exc.start) + 1
        column = exc.start - (text.rfind("\n", 0, exc.start) + 1) + 1
        char = text[exc.start : exc.start + 1]
        result.findings.append(
            _parse_error(path, f"cannot parse: the text holds an unpaired surrogate U+{ord(char):04X} (not encodable source)", line, column)
        )
        return result
    except Exception as exc:  # libcst's native parser raises a few other types
        if type(exc).__name__ in ("ParserSyntaxError", "SyntaxError"):
            result.findings.append(_syntax_error(path, text, str(exc)))
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
    # result.names stays in execution order: the order TF creates variables.
    return result


def lint_path(path: str, *, names: bool = False, prefilter: bool = True) -> LintResult:
    """Read and lint one file; an unreadable file raises OSError for the caller."""
    with open(path, "rb") as fh:
        data = fh.read()
    return lint_source(data, path, names=names, prefilter=prefilter)
