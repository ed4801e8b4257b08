"""Turning a file's bytes into source text, or into one clear diagnostic.

The reference is what CPython does when it *imports* a module: importlib
hands the file's bytes to ``compile()``, whose string tokenizer
(``decode_str`` in CPython's ``Parser/tokenizer.c``) applies these rules,
reproduced here step by step:

1. A NUL byte anywhere is an error ("source code cannot contain null bytes").
2. Line endings are translated first: ``\\r\\n`` and a lone ``\\r`` both
   become ``\\n`` (so a CR-only file has as many lines as CPython counts,
   and a CR inside a string literal reads as ``\\n``, as in CPython).
3. A UTF-8 byte order mark (EF BB BF) at the start is dropped and fixes the
   encoding to UTF-8.
4. PEP 263: a coding declaration is looked for on line 1, and on line 2
   only when line 1 is blank or a comment. It must be in a comment that is
   the only thing on its line; the name is what follows the first
   ``coding:`` / ``coding=`` that has one (ASCII letters, digits, ``-_.``).
   Names are normalised as CPython's ``get_normal_name`` does (``utf-8``,
   ``UTF_8``, ``utf-8-foo`` -> ``utf-8``; ``latin-1``, ``iso-8859-1``,
   ``iso-latin-1`` and their ``-*`` variants -> ``iso-8859-1``; any other name
   is kept as written, so ``utf8`` stays ``utf8``).
5. With a BOM, a declaration must normalise to exactly ``utf-8``; anything
   else (``latin-1``, even ``utf8``) is "encoding problem: X with BOM".
6. A declared encoding other than ``utf-8`` decodes the whole file, strictly:
   an unknown name, a codec that is not a text encoding (``rot13``, ``hex``),
   or an undecodable byte is an error.
7. With a BOM or ``utf-8`` declared, the bytes are UTF-8 and CPython only
   ever decodes tokens: bytes that are not valid UTF-8 are accepted inside
   comments and rejected anywhere else (strings, identifiers, code). Here
   they become U+FFFD inside comments.
8. With neither a BOM nor a declaration, any byte that is not valid UTF-8
   is an error, even in a comment. Here ``compile()`` and import still
   accept it in a comment, but ``python file.py`` refuses the file ("Non-UTF-8
   code starting with ... but no encoding declared"), and so do editors and
   most tools that read source as UTF-8: scopelint follows the stricter
   verdict (SCO901). tests/test_source.py checks this module against
   ``compile()`` differentially and against ``python file.py`` on rule 8.

Form feeds are left in the text (libcst handles them; CPython resets the
indentation column at a form feed) and so is every other character.
"""

from __future__ import annotations

import ast
import codecs
import re
import symtable
import warnings
from dataclasses import dataclass
from typing import Optional

UTF8_BOM = b"\xef\xbb\xbf"

# The coding declaration (PEP 263), matched on one line without its newline.
# Same search as CPython's get_coding_spec: the comment must be the only thing
# on the line, and the first `coding[:=]` followed by a name wins.
_COOKIE_RE = re.compile(rb"[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)
# A line that does not stop the search for a declaration on line 2.
_BLANK_OR_COMMENT_RE = re.compile(rb"[ \t\f]*(?:#|$)")

# Strings and comments, as Python's tokenizer sees them (enough to find the
# comments, where CPython tolerates bytes that are not UTF-8; a string left
# open simply does not match).
_STRING_OR_COMMENT_RE = re.compile(
    r"""
    \#[^\n]*
  | '''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''
  | \"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*\"\"\"
  | '[^'\\\n]*(?:\\.[^'\\\n]*)*'
  | "[^"\\\n]*(?:\\.[^"\\\n]*)*"
    """,
    re.VERBOSE | re.DOTALL,
)
_SURROGATE_RE = re.compile("[\udc80-\udcff]")
_FIRST_TWO_LINES_RE = re.compile(rb"[^\r\n]*(?:\r\n?|\n)?[^\r\n]*")


@dataclass(frozen=True)
class SourceProblem:
    """Why a file is not Python source; `line` and `column` are 1-based."""

    message: str
    line: int = 1
    column: int = 1


def _normal_name(name: str) -> str:
    """CPython's get_normal_name (Parser/tokenizer.c)."""
    buf = name[:12].lower().replace("_", "-")
    if buf == "utf-8" or buf.startswith("utf-8-"):
        return "utf-8"
    if buf in ("latin-1", "iso-8859-1", "iso-latin-1") or buf.startswith(("latin-1-", "iso-8859-1-", "iso-latin-1-")):
        return "iso-8859-1"
    return name


def _position(data: bytes, offset: int) -> "tuple[int, int]":
    """1-based line and column (in bytes) of `offset` in newline-translated `data`."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _find_declaration(data: bytes) -> "tuple[Optional[str], int, int]":
    """(encoding name as written, line, column) of the PEP 263 declaration."""
    start = 0
    for lineno in (1, 2):
        end = data.find(b"\n", start)
        if end < 0:
            end = len(data)
        line = data[start:end]
        match = _COOKIE_RE.match(line)
        if match:
            return match.group(1).decode("ascii"), lineno, match.start(1) + 1
        if not _BLANK_OR_COMMENT_RE.match(line) or end == len(data):
            break
        start = end + 1
    return None, 0, 0


def declared_encoding(data: bytes) -> Optional[str]:
    """The normalised PEP 263 encoding `data` declares, or None (UTF-8)."""
    match = _FIRST_TWO_LINES_RE.match(data)  # where a declaration can be (it matches any bytes)
    head = match.group() if match is not None else b""
    if b"coding" not in head:
        return None
    data = head.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    declared, _line, _column = _find_declaration(data)
    return None if declared is None else _normal_name(declared)


def _describe_byte(data: bytes, offset: int) -> str:
    return f"byte 0x{data[offset]:02x}" if offset < len(data) else "end of file"


def _comment_spans(text: str) -> "list[tuple[int, int]]":
    return [m.span() for m in _STRING_OR_COMMENT_RE.finditer(text) if m.group().startswith("#")]


def _decode_utf8(data: bytes, *, declared: bool) -> "tuple[Optional[str], Optional[SourceProblem]]":
    """UTF-8 as CPython reads it: with a declaration or BOM (`declared`),
    invalid bytes only in comments; without, none at all (rule 8)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first_error = exc
    if not declared:
        line, column = _position(data, first_error.start)
        return None, SourceProblem(
            f"cannot decode: {_describe_byte(data, first_error.start)} at line {line}, column {column} is not "
            "valid UTF-8 and no encoding is declared (PEP 263); Python refuses to run such a file",
            line,
            column,
        )
    text = data.decode("utf-8", "surrogateescape")
    bad = [m.start() for m in _SURROGATE_RE.finditer(text)]
    spans = _comment_spans(text)
    i = 0
    for index in bad:
        while i < len(spans) and spans[i][1] <= index:
            i += 1
        if not (i < len(spans) and spans[i][0] <= index):
            # Report it where it is, counted in bytes as CPython does.
            offset = len(text[:index].encode("utf-8", "surrogateescape"))
            line, column = _position(data, offset)
            return None, SourceProblem(
                f"cannot decode: {_describe_byte(data, offset)} at line {line}, column {column} is not "
                "valid UTF-8 (outside a comment) and no other encoding is declared (PEP 263)",
                line,
                column,
            )
    del first_error
    return _SURROGATE_RE.sub("\ufffd", text), None


def decode_source(data: bytes) -> "tuple[Optional[str], Optional[SourceProblem]]":
    """Decode a module's bytes as CPython's import does (see the module doc).

    Returns (text, None), text with newlines translated to ``\\n`` and
    without BOM, or (None, problem).
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"), _translated_offset(data, nul))
        return None, SourceProblem(
            f"source contains a NUL byte at line {line}, column {column} (a binary file?); "
            "Python rejects it: source code cannot contain null bytes",
            line,
            column,
        )
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    bom = data.startswith(UTF8_BOM)
    if bom:
        data = data[len(UTF8_BOM) :]
    declared, line, column = _find_declaration(data)
    encoding = None
    if declared is not None:
        encoding = _normal_name(declared)
        if bom and encoding != "utf-8":
            return None, SourceProblem(
                f"encoding problem: the file starts with a UTF-8 byte order mark but declares "
                f"coding {declared!r} (Python: 'encoding problem: {encoding} with BOM')",
                line,
                column,
            )
    if encoding is None or encoding == "utf-8":
        return _decode_utf8(data, declared=bom or encoding is not None)
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        return None, SourceProblem(f"unknown encoding {declared!r} in the coding declaration (PEP 263)", line, column)
    if not getattr(info, "_is_text_encoding", True):
        return None, SourceProblem(
            f"the coding declaration names {declared!r}, which is not a text encoding", line, column
        )
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as exc:
        bad_line, bad_column = _position(data, exc.start)
        return None, SourceProblem(
            f"cannot decode with the declared encoding {declared!r}: {_describe_byte(data, exc.start)} "
            f"at line {bad_line}, column {bad_column} ({exc.reason})",
            bad_line,
            bad_column,
        )
    except LookupError as exc:  # a codec that refuses bytes at decode time
        return None, SourceProblem(f"cannot decode with the declared encoding {declared!r}: {exc}", line, column)


def _translated_offset(data: bytes, offset: int) -> int:
    """Where byte `offset` of `data` lands after newline translation."""
    head = data[:offset]
    return len(head) - head.count(b"\r\n")


# The file name handed to compile(). Never the real path: on a syntax error
# CPython re-reads the *named file* to quote the offending line, which blocks
# forever on a FIFO (bash's <(...)) and reads whatever the path now holds.
_COMPILE_FILENAME = "<scopelint>"


def python_parse(text: str) -> "tuple[Optional[ast.Module], Optional[SourceProblem]]":
    """CPython's own verdict on `text`: (its AST, None) if it compiles to an
    AST, else (None, the SyntaxError's message and position). No file is
    ever opened (see _COMPILE_FILENAME)."""
    try:
        with warnings.catch_warnings():
            # Invalid escape sequences and the like warn (or, under -W error,
            # raise SyntaxError): the user's code is not ours to warn about.
            warnings.simplefilter("ignore")
            tree = compile(text, _COMPILE_FILENAME, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:  # includes IndentationError and TabError
        message = exc.msg or str(exc)
        # Columns are 1-based and counted in characters, as libcst's.
        return None, SourceProblem(message, max(1, exc.lineno or 1), max(1, exc.offset or 1))
    except (RecursionError, MemoryError) as exc:
        # CPython refuses what it cannot build an AST for ("too complex").
        return None, SourceProblem(f"too deeply nested or too large for Python's parser ({type(exc).__name__})")
    except UnicodeEncodeError as exc:  # text (not bytes) holding a lone surrogate
        line = text.count("\n", 0, exc.start) + 1
        column = exc.start - (text.rfind("\n", 0, exc.start) + 1) + 1
        char = text[exc.start : exc.start + 1]
        return None, SourceProblem(
            f"the text holds an unpaired surrogate U+{ord(char):04X}, which no source file can encode", line, column
        )
    except ValueError as exc:  # NUL in text (Python < 3.12), an integer literal over 4300 digits
        return None, SourceProblem(str(exc))
    return tree, None  # type: ignore[return-value]  # compile(..., ast.PyCF_ONLY_AST) makes an ast.Module


def python_syntax_problem(text: str, path: str = "<unknown>") -> "Optional[SourceProblem]":
    """CPython's verdict only: None if `text` compiles to an AST, as
    `python_parse` says. The file at `path` is never opened.

    `symtable` runs CPython's parser without building Python objects for
    the tree (40% faster than `compile(..., ONLY_AST)`, which matters on
    every file that mentions TensorFlow); it also refuses a few programs
    whose AST is valid (`from __future__ import unknown_feature`, `nonlocal`
    at module level), so whatever it refuses is judged again by
    `python_parse`, whose verdict and message are the ones given."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            symtable.symtable(text, _COMPILE_FILENAME, "exec")
        return None
    except (SyntaxError, RecursionError, MemoryError, ValueError, UnicodeError):
        return python_parse(text)[1]
