"""What the language server does with an open document, without the
protocol (scopelint.server speaks LSP over it): lint a buffer as the command
would, and the `# noqa` edit.

A buffer is checked by `jobs.check_one`, the command's own path: the same
configuration (`[tool.scopelint]` found from the file's directory, with its
`src`, `follow`, selection and per-file ignores), the same `# noqa`
filtering, the project modules it imports read from disk. Findings that the
program leads to in other files are moved to the call in this file that
reaches them (`own_file_only`, as for flake8): an editor shows the open
file. The command's content cache serves a buffer whose text is the file on
disk (opened or saved); an edited buffer is linted from its text and not
cached (every keystroke would add an entry).
"""

from __future__ import annotations

import difflib
import io
import json
import os
import re
import tokenize
from dataclasses import dataclass
from typing import List, Optional, Sequence, Set, Tuple

from scopelint.cache import Cache, fingerprint, resolve_cache_dir
from scopelint.config import ConfigError, FileConfig, build_settings, find_config, load_config
from scopelint.jobs import Context, Outcome, check_one
from scopelint.noqa import NOQA_INLINE
from scopelint.source import declared_encoding, decode_source

# Where each rule's documentation is published (`codeDescription` of a diagnostic).
RULE_DOCS_URL = "https://github.com/scopelint/scopelint/blob/main/docs/rules/{code}.md"
UNTITLED = "<stdin>"  # a buffer with no file: linted alone, with the defaults


@dataclass(frozen=True)
class Checked:
    outcome: Outcome
    config_error: Optional[str] = None  # the configuration could not be read: defaults were used
    cached: bool = False  # the command's cache was consulted


def _file_config(directory: str) -> FileConfig:
    found = find_config([directory])
    return load_config(found) if found else FileConfig()


def _context(path: str, use_cache: bool) -> Tuple[Context, Optional[str]]:
    directory = os.path.dirname(os.path.abspath(path)) if path != UNTITLED else os.getcwd()
    error = None
    try:
        file_config = _file_config(directory)
        settings = build_settings(file_config, cwd=directory)
    except ConfigError as exc:
        error = str(exc)
        file_config = FileConfig()
        settings = build_settings(file_config, cwd=directory)
    cache_dir = (
        resolve_cache_dir(None, file_config.get("cache-dir"), file_config.root, [directory]) if use_cache else None
    )
    root = file_config.root or directory
    ctx = Context(
        settings,
        True,  # names: hovers show them
        cache_dir,
        fingerprint(names=True) if cache_dir else "",
        src=tuple(os.path.join(root, d) for d in (file_config.get("src") or ())),
        follow=tuple(file_config.get("follow") or ()),
        own_file_only=True,
    )
    return ctx, error


def _disk_bytes(path: str) -> Optional[bytes]:
    if path == UNTITLED:
        return None
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def buffer_bytes(text: str) -> bytes:
    """The bytes a buffer would be saved as: in its declared encoding (PEP 263), else UTF-8."""
    encoding = declared_encoding(text[:400].encode("utf-8", "surrogatepass")) or "utf-8"
    try:
        return text.encode(encoding)
    except (LookupError, UnicodeError):
        return text.encode("utf-8", "surrogatepass")


def check_buffer(path: str, data: bytes, *, cached: bool) -> Checked:
    """Lint `data` (a buffer's bytes, or a notebook's JSON) as the file `path`;
    through the command's cache when `cached`."""
    ctx, error = _context(path, cached)
    # A fresh Cache per lint: it memoises the dependencies' hashes for one run.
    cache = Cache(ctx.cache_dir, ctx.cache_fingerprint) if ctx.cache_dir else None
    return Checked(check_one(ctx, cache, path, path, data), error, cached=cache is not None)


def check_text(path: str, text: str, *, use_cache: bool = True) -> Checked:
    """A Python buffer: through the cache when the disk holds the same text,
    else as it would be saved."""
    disk = _disk_bytes(path)
    if disk is not None and decode_source(disk)[0] == text:
        return check_buffer(path, disk, cached=use_cache)
    return check_buffer(path, buffer_bytes(text), cached=False)


# --- notebooks ---------------------------------------------------------------


@dataclass(frozen=True)
class NotebookCell:
    kind: str  # "code" or "markdown"
    source: str


def notebook_json(cells: Sequence[NotebookCell]) -> bytes:
    """An editor's notebook as the .ipynb the command reads (nbformat 4)."""
    doc = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [{"cell_type": c.kind, "metadata": {}, "source": c.source} for c in cells],
    }
    return json.dumps(doc).encode("utf-8")


def check_notebook(path: str, cells: Sequence[NotebookCell]) -> Checked:
    """The cells linted as the command lints the .ipynb (Run All order);
    findings and names carry their 1-based `cell`. The file on disk may hold
    outputs, so the cache is not used."""
    name = path if path.lower().endswith(".ipynb") else path + ".ipynb"
    return check_buffer(name, notebook_json(cells), cached=False)


# --- noqa comments ---------------------------------------------------------

_CONTINUED = re.compile(r"\\\s*$")


def lines_inside_tokens(text: str) -> Optional[Set[int]]:
    """1-based lines whose end lies inside a token (a triple-quoted string):
    a comment cannot be added there. None when the text does not tokenize."""
    inside: Set[int] = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.start[0] < tok.end[0] and tok.type not in (tokenize.NL, tokenize.NEWLINE):
                inside.update(range(tok.start[0], tok.end[0]))
    except (tokenize.TokenError, SyntaxError):
        return None
    return inside


@dataclass(frozen=True)
class LineEdit:
    """Insert `text` at `column` (0-based, in code points) of 0-based `line`."""

    line: int
    column: int
    text: str


def noqa_edit(source: str, line: int, code: str, inside: Optional[Set[int]] = None) -> Optional[LineEdit]:
    """The smallest edit that adds `code` to the `# noqa` of 1-based `line`,
    or None when no comment can end that line (inside a string, after a `\\`)."""
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    if _CONTINUED.search(text):
        return None
    if inside is None:
        inside = lines_inside_tokens(source)
    if inside is not None and line in inside:
        return None
    match = NOQA_INLINE.search(text)
    if match is not None:
        codes = match.group("codes")
        if codes is None:  # a bare noqa comment already covers every code
            return None
        end = match.start("codes") + len(codes.rstrip(", \t"))
        return LineEdit(line - 1, end, f", {code}")
    return LineEdit(line - 1, len(text.rstrip()), f"  # noqa: {code}")


def findings_on_line(outcome: Outcome, line: int, cell: Optional[int] = None) -> List:
    return [f for f in outcome.findings if f.line == line and f.cell == cell]


# --- fixes as text edits -----------------------------------------------------


@dataclass(frozen=True)
class LinesEdit:
    """Replace 0-based lines [start, end) with `text` (whole lines, with their line ends)."""

    start: int
    end: int
    text: str


def line_edits(old: str, new: str) -> List[LinesEdit]:
    """The changed blocks of lines between two versions of a file (a fix
    comes as the whole new file; an editor applies the few lines it changes)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [LinesEdit(i1, i2, "".join(b[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
