"""Rendering findings and name records: text, concise, json, sarif, github."""

from __future__ import annotations

import json
import os
import pathlib
from collections import Counter
from typing import Iterable, List, Sequence
from urllib.parse import quote

import scopelint
from scopelint.results import Finding, NameRecord
from scopelint.rules import ALL_RULES

FORMATS = ("text", "concise", "json", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_BOLD, _RED, _CYAN, _DIM, _RESET = "\033[1m", "\033[31m", "\033[36m", "\033[2m", "\033[0m"


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
    return (
        f"{_BOLD}{f.path}{_RESET}{_CYAN}:{_RESET}{cell}{f.line}{_CYAN}:{_RESET}{f.column}{_CYAN}:{_RESET} "
        f"{_BOLD}{_RED}{f.code}{_RESET} {f.message}"
    )


def format_text(findings: Sequence[Finding], *, color: bool = False, summary: bool = True) -> str:
    lines = [text_line(f, color) for f in findings]
    if summary and findings:
        files = len({f.path for f in findings})
        lines.append(f"Found {_plural(len(findings), 'problem')} in {_plural(files, 'file')}.")
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
        f"::error file={_gh_escape_property(f.path)}"
        + (f",line={f.line},col={f.column}" if f.cell is None else "")
        + f",title={_gh_escape_property(f.code)}::{_gh_escape_data(_cell_prefix(f) + f.message)}\n"
        for f in findings
    )


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
            "defaultConfiguration": {"enabled": not r.opt_in, "level": "error"},
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
        result = {
            "ruleId": f.code,
            "level": "error",
            "message": {"text": _cell_prefix(f) + f.message},
            "locations": [location],
        }
        if f.cell is not None:
            result["properties"] = {"cell": f.cell, "line": f.line, "column": f.column}
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
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": text}} for text in notifications
                ],
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
) -> str:
    if fmt == "text":
        return format_text(findings, color=color, summary=summary)
    if fmt == "concise":
        return format_text(findings, summary=False)
    if fmt == "json":
        return format_json(findings)
    if fmt == "sarif":
        return format_sarif(findings, notifications=notifications)
    if fmt == "github":
        return format_github(findings)
    raise ValueError(f"unknown format {fmt!r}")


def format_statistics(findings: Sequence[Finding]) -> str:
    """One line per code, flake8's layout: count, code, rule name."""
    counts = Counter(f.code for f in findings)
    names = {f.code: f.name for f in findings}
    return "".join(f"{counts[c]:<5} {c} {names[c]}\n" for c in sorted(counts))


def format_names(names: Sequence[NameRecord], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([n.as_dict() for n in names], indent=2) + "\n"
    return "".join(f"{_where(n)}: {n.name} ({n.action} via {n.api})\n" for n in names)


def format_rules() -> str:
    width = max(len(r.name) for r in ALL_RULES)
    lines = [f"{'code':<7} {'name':<{width}} {'default':<7} summary"]
    for r in ALL_RULES:
        lines.append(f"{r.code:<7} {r.name:<{width}} {'off' if r.opt_in else 'on':<7} {r.summary}")
    return "\n".join(lines) + "\n"
