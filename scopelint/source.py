"""Turning a file's bytes into source text, or into one clear diagnostic."""

from __future__ import annotations

import codecs
import io
import tokenize
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class SourceProblem:
    message: str
    line: int = 1
    column: int = 1


def decode_source(data: bytes) -> "tuple[Optional[str], Optional[SourceProblem]]":
    """Decode like the Python interpreter does (BOM, PEP 263 cookie, UTF-8)."""
    if b"\x00" in data:
        return None, SourceProblem("source contains NUL bytes (binary file?)")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        return None, SourceProblem(f"cannot decode: {exc}")
    try:
        codecs.lookup(encoding)
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        return None, SourceProblem(f"cannot decode as {encoding}: {exc}")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None
