"""A content-addressed cache of `lint_source` results.

Key: SHA-256 of the file's bytes, inside a directory named by a fingerprint
of everything else the result depends on: the scopelint version, the size
and mtime of scopelint's own modules (so an edited checkout never reuses
stale results), and the analysis options (`names`). Selection, per-file
ignores and `# noqa` are applied after the cache, so changing them needs no
invalidation. The path is not part of the key: a copied file hits.

Entries are written to a temporary file and `os.replace`d into place, so
concurrent runs (pre-commit runs several at once) only ever read whole
entries; a broken or unreadable entry is a miss. Any OSError disables the
cache for the rest of the run instead of failing it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from typing import Optional

import scopelint
from scopelint.results import Finding, LintResult, NameRecord

CACHE_DIR_NAME = ".scopelint_cache"
_FORMAT = 2
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by scopelint.\n"


def _package_fingerprint() -> str:
    h = hashlib.sha256()
    root = os.path.dirname(os.path.abspath(scopelint.__file__))
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                st = os.stat(path)
                h.update(f"{os.path.relpath(path, root)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def fingerprint(*, names: bool) -> str:
    h = hashlib.sha256()
    h.update(f"format={_FORMAT};version={scopelint.__version__};names={names};".encode())
    h.update(_package_fingerprint().encode())
    return h.hexdigest()[:24]


def content_key(data: bytes, *, notebook: bool = False) -> str:
    # The same bytes mean another program as a notebook than as a .py file.
    return hashlib.sha256((b"ipynb:" if notebook else b"") + data).hexdigest()


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _atomic_write(path: str, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600 files
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class Cache:
    def __init__(self, directory: str, fingerprint: str):
        self.directory = directory
        self.bucket = os.path.join(directory, fingerprint)
        self.enabled = True
        self._prepared = False

    def _prepare(self) -> None:
        if self._prepared:
            return
        os.makedirs(self.bucket, exist_ok=True)
        for name, text in ((".gitignore", "*\n"), ("CACHEDIR.TAG", _TAG)):
            target = os.path.join(self.directory, name)
            if not os.path.exists(target):
                _atomic_write(target, text)
        self._prepared = True

    def _entry(self, key: str) -> str:
        return os.path.join(self.bucket, key[:2], key + ".json")

    def get(self, key: str, path: str) -> Optional[LintResult]:
        """The cached result with its paths set to `path`, or None."""
        if not self.enabled:
            return None
        try:
            with open(self._entry(key), encoding="utf-8") as fh:
                data = json.load(fh)
            return LintResult(
                path,
                findings=[Finding(path, *f) for f in data["findings"]],
                names=[NameRecord(path, *n) for n in data["names"]],
                skipped=bool(data["skipped"]),
                notes=[str(n) for n in data["notes"]],
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, result: LintResult) -> None:
        if not self.enabled:
            return
        entry = {
            "findings": [[f.line, f.column, f.code, f.name, f.message, f.cell] for f in result.findings],
            "names": [[n.line, n.column, n.name, n.action, n.api, n.cell] for n in result.names],
            "skipped": result.skipped,
            "notes": result.notes,
        }
        try:
            self._prepare()
            target = self._entry(key)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            _atomic_write(target, json.dumps(entry))
        except OSError:
            self.enabled = False  # read-only checkout, full disk: lint uncached
