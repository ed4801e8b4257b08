"""Rendering findings and name records: text, concise, json, sarif, github,
gitlab (Code Quality), junit (JUnit XML)."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
from collections import Counter
from typing import Dict, Iterable, List, Mapping, Optional, Sequence
from urllib.parse import quote
from xml.etree import ElementTree

import scopelint
from scopelint.config import FORMAT_NAMES
from scopelint.results import ERROR, Finding, NameRecord, severity_of
from scopelint.rules import ALL_RULES

FORMATS = FORMAT_NAMES
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_BOLD, _RED, _YELLOW, _CYAN, _DIM, _RESET = "\033[1m", "\033[31m", "\033[33m", "\033[36m", "\033[2m", "\033[0m"
# Source lines by path, then by line number (--show-source).
Sources = Mapping[str, Mapping[int, str]]


def sort_findings(findings: Iterable[Finding]) -> List[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.cell or 0, f.line, f.column, f.code, f.message))


def sort_names(names: Iterable[NameRecord]) -> List[NameRecord]:
    # Stable: records at one position keep execution order.
    return sorted(names, key=lambda n: (n.path, n.cell or 0, n.line, n.column))


def _where(f) -> str:
    """`path:line:col`, or `path:cell N:line:col` in a notebook (ruff's layout)."""
    cell = f"cell {f.cell}:" if f.cell is not None else ""
    return f"{f.path}:{cell}{f.line}:{f.column}"


def _cell_prefix(f) -> str:
    """For formats whose positions are file lines (SARIF, GitHub): a notebook
    finding's cell position goes into the message."""
    return f"cell {f.cell}, line {f.line}, column {f.column}: " if f.cell is not None else ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def text_line(f: Finding, color: bool = False) -> str:
    if not color:
        return f"{_where(f)}: {f.code} {f.message}"
    cell = f"cell {f.cell}{_CYAN}:{_RESET}" if f.cell is not None else ""
    code_color = _RED if f.severity == ERROR else _YELLOW
    return (
        f"{_BOLD}{f.path}{_RESET}{_CYAN}:{_RESET}{cell}{f.line}{_CYAN}:{_RESET}{f.column}{_CYAN}:{_RESET} "
        f"{_BOLD}{code_color}{f.code}{_RESET} {f.message}"
    )


def _caret_lines(source_line: Optional[str], column: int) -> List[str]:
    """The line, then a caret under `column` (1-based; 0: no caret).
    Tabs before the column are kept so the caret lines up, as in flake8."""
    if source_line is None:
        return []
    line = source_line.rstrip("\r\n")
    if column <= 0:
        return [line]
    pad = "".join(c if c == "\t" else " " for c in line[: column - 1])
    return [line, pad + "^"]


def format_text(
    findings: Sequence[Finding],
    *,
    color: bool = False,
    summary: bool = True,
    notes: bool = True,
    sources: Optional[Sources] = None,
    files: Optional[int] = None,
) -> str:
    """flake8's layout; `notes`: a `note:` line per related location;
    `sources`: the source line and a caret under each; `files`: how many
    files were linted, for the clean summary (None: no clean summary)."""
    lines = []
    for f in findings:
        lines.append(text_line(f, color))
        file_lines = sources.get(f.path, {}) if sources is not None else None
        if file_lines is not None:
            lines += _caret_lines(file_lines.get(f.line), f.column)
        if notes:
            for r in f.related:
                # In a notebook a related place is in the finding's cell.
                cell = f"cell {f.cell}:" if f.cell is not None else ""
                where = f"{f.path}:{cell}{r.line}:{r.column}" if r.column else f"{f.path}:{cell}{r.line}"
                lines.append(f"{where}: note: {r.message}")
                if file_lines is not None:
                    lines += _caret_lines(file_lines.get(r.line), r.column)
    if summary and findings:
        files_with = len({f.path for f in findings})
        lines.append(f"Found {_plural(len(findings), 'problem')} in {_plural(files_with, 'file')}.")
    elif summary and files:
        lines.append(f"All checks passed: {_plural(files, 'file')}.")
    return "".join(line + "\n" for line in lines)


def format_json(findings: Sequence[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], indent=2) + "\n"


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(findings: Sequence[Finding]) -> str:
    # A notebook's cell lines are not lines of its JSON file: the annotation
    # is on the file, the cell position in the message.
    return "".join(
        f"::{f.severity} file={_gh_escape_property(f.path)}"
        + (f",line={f.line},col={f.column}" if f.cell is None else "")
        + f",title={_gh_escape_property(f.code)}::{_gh_escape_data(_cell_prefix(f) + f.message)}\n"
        for f in findings
    )


# GitLab's severities are info, minor, major, critical, blocker.
_GITLAB_SEVERITY = {"error": "major", "warning": "minor"}


def _posix(path: str) -> str:
    return pathlib.PurePath(path).as_posix()


def gitlab_report(findings: Sequence[Finding]) -> list:
    """GitLab Code Quality issues. The fingerprint leaves the line out, so
    an issue keeps its identity when code above it moves; identical issues
    in one file are told apart by their rank."""
    seen: Counter = Counter()
    issues = []
    for f in findings:
        ident = (f.path, f.code, f.message)
        seen[ident] += 1
        digest = hashlib.sha256("\0".join((*ident, str(seen[ident]))).encode("utf-8", "surrogatepass")).hexdigest()
        issues.append(
            {
                "type": "issue",
                "check_name": f.code,
                "description": f"{f.code} {f.message}",
                "categories": ["Bug Risk"],
                "fingerprint": digest[:32],
                "severity": _GITLAB_SEVERITY[f.severity],
                "location": {
                    "path": _posix(f.path),
                    "positions": {"begin": {"line": f.line, "column": f.column}},
                },
            }
        )
    return issues


def format_gitlab(findings: Sequence[Finding]) -> str:
    return json.dumps(gitlab_report(findings), indent=2) + "\n"


def format_junit(findings: Sequence[Finding], files: Sequence[str] = (), notifications: Sequence[str] = ()) -> str:
    """JUnit XML (xml.etree: the stdlib suffices for this small document):
    one test suite per linted file, one failing test case per finding (a
    file without findings has one passing case), and an `errors` suite for
    files that could not be linted."""
    by_file: Dict[str, List[Finding]] = {path: [] for path in files}
    for f in findings:
        by_file.setdefault(f.path, []).append(f)
    root = ElementTree.Element(
        "testsuites", name="scopelint", tests="0", failures=str(len(findings)), errors=str(len(notifications))
    )
    tests = 0
    for path in sorted(by_file):
        found = by_file[path]
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=path,
            tests=str(max(1, len(found))),
            failures=str(len(found)),
            errors="0",
            skipped="0",
            file=path,
        )
        if not found:
            ElementTree.SubElement(suite, "testcase", name="scopelint", classname=path, file=path)
        for f in found:
            case = ElementTree.SubElement(
                suite,
                "testcase",
                name=f"{f.code} at line {f.line}, column {f.column}",
                classname=path,
                file=path,
                line=str(f.line),
            )
            failure = ElementTree.SubElement(case, "failure", message=f"{f.code} {f.message}", type=f.severity)
            failure.text = f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}"
        tests += max(1, len(found))
    if notifications:
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name="scopelint errors",
            tests=str(len(notifications)),
            failures="0",
            errors=str(len(notifications)),
            skipped="0",
        )
        for i, text in enumerate(notifications, 1):
            case = ElementTree.SubElement(suite, "testcase", name=f"error {i}", classname="scopelint")
            error = ElementTree.SubElement(case, "error", message=text.splitlines()[0] if text else "", type="error")
            error.text = text
        tests += len(notifications)
    root.set("tests", str(tests))
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def _artifact_location(path: str, base: str) -> dict:
    p = pathlib.Path(path)
    if p.is_absolute():
        return {"uri": p.as_uri()}
    return {"uri": quote(p.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def sarif_log(findings: Sequence[Finding], *, notifications: Sequence[str] = (), base: str = "") -> dict:
    """A SARIF 2.1.0 log; `notifications` are per-file errors (internal or
    unreadable files), reported as tool execution notifications."""
    base = base or os.getcwd()
    index = {r.code: i for i, r in enumerate(ALL_RULES)}
    rules = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.what.strip()},
            "help": {"text": f"{r.summary} See `scopelint rule {r.code}`.", "markdown": r.doc()},
            "defaultConfiguration": {"enabled": not r.opt_in, "level": severity_of(r.code)},
        }
        for r in ALL_RULES
    ]
    results = []
    for f in findings:
        location: dict = {"physicalLocation": {"artifactLocation": _artifact_location(f.path, base)}}
        if f.cell is None:
            location["physicalLocation"]["region"] = {"startLine": f.line, "startColumn": f.column}
        else:  # SARIF has no notebook cells: the cell is a logical location, its position in the message
            location["logicalLocations"] = [{"name": f"cell {f.cell}", "kind": "module"}]
        result: dict = {
            "ruleId": f.code,
            "level": f.severity,
            "message": {"text": _cell_prefix(f) + f.message},
            "locations": [location],
        }
        if f.cell is not None:
            result["properties"] = {"cell": f.cell, "line": f.line, "column": f.column}
        if f.related and f.cell is None:
            result["relatedLocations"] = [
                {
                    "id": i,
                    "message": {"text": r.message},
                    "physicalLocation": {
                        "artifactLocation": _artifact_location(f.path, base),
                        "region": {"startLine": r.line, **({"startColumn": r.column} if r.column else {})},
                    },
                }
                for i, r in enumerate(f.related)
            ]
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    run = {
        "tool": {
            "driver": {
                "name": "scopelint",
                "version": scopelint.__version__,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": pathlib.Path(base).absolute().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": [{"level": "error", "message": {"text": text}} for text in notifications],
            }
        ],
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def format_sarif(findings: Sequence[Finding], *, notifications: Sequence[str] = ()) -> str:
    return json.dumps(sarif_log(findings, notifications=notifications), indent=2) + "\n"


def format_findings(
    findings: Sequence[Finding],
    fmt: str,
    *,
    color: bool = False,
    summary: bool = True,
    notifications: Sequence[str] = (),
    files: Sequence[str] = (),
    sources: Optional[Sources] = None,
    clean_summary: bool = True,
) -> str:
    """`files`: the paths linted; `clean_summary`: say "All checks passed"
    in text when nothing was found (not when files failed to be linted)."""
    if fmt == "text":
        return format_text(
            findings, color=color, summary=summary, sources=sources, files=len(files) if clean_summary else None
        )
    if fmt == "concise":
        return format_text(findings, summary=False, notes=False)
    if fmt == "json":
        return format_json(findings)
    if fmt == "sarif":
        return format_sarif(findings, notifications=notifications)
    if fmt == "github":
        return format_github(findings)
    if fmt == "gitlab":
        return format_gitlab(findings)
    if fmt == "junit":
        return format_junit(findings, files, notifications)
    raise ValueError(f"unknown format {fmt!r}")


def format_statistics(findings: Sequence[Finding]) -> str:
    """One line per code, flake8's layout: count, code, rule name."""
    counts = Counter(f.code for f in findings)
    names = {f.code: f.name for f in findings}
    return "".join(f"{counts[c]:<5} {c} {names[c]}\n" for c in sorted(counts))


def format_name_statistics(names: Sequence[NameRecord]) -> str:
    """--names --statistics: how many calls of each action and API."""
    counts = Counter((n.action, n.api) for n in names)
    return "".join(f"{counts[k]:<5} {k[0]} via {k[1]}\n" for k in sorted(counts))


def format_names(names: Sequence[NameRecord], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([n.as_dict() for n in names], indent=2) + "\n"
    return "".join(f"{_where(n)}: {n.name} ({n.action} via {n.api}{_chain(n)}){_typed(n)}\n" for n in names)


def _chain(n: NameRecord) -> str:
    """`; call chain 9 -> 5` (and the entry script, for a name made in an
    imported module): tells apart rows at one position."""
    text = n.chain_text()
    chain = f"; call chain {text}" if text else ""
    return chain + (f"; run from {n.entry}" if n.entry is not None else "")


def _typed(n: NameRecord) -> str:
    """` shape=(784, 10) dtype=float32`, each part only when known."""
    out = ""
    if n.shape is not None:
        dims = [str(d) for d in n.shape]
        out += f" shape=({dims[0]},)" if len(dims) == 1 else f" shape=({', '.join(dims)})"
    if n.dtype is not None:
        out += f" dtype={n.dtype}"
    return out


def format_rules() -> str:
    width = max(len(r.name) for r in ALL_RULES)
    lines = [f"{'code':<7} {'name':<{width}} {'default':<7} summary"]
    for r in ALL_RULES:
        lines.append(f"{r.code:<7} {r.name:<{width}} {'off' if r.opt_in else 'on':<7} {r.summary}")
    return "\n".join(lines) + "\n"
