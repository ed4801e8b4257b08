"""A content-addressed cache of `lint_source` results, shared by the
`scopelint` command and the flake8 plugin.

A result is valid for hash(file bytes, scopelint, options, dependencies):

- the entry's name is the SHA-256 of the file's bytes (`content_key`);
- it lives in a directory named by a fingerprint of the scopelint version,
  the size and mtime of scopelint's own modules (so an edited checkout never
  reuses stale results) and the analysis options (`names`);
- the entry lists the other files the analysis read (`dependencies`, as
  (path, SHA-256)); it is a hit only while each of them still hashes the
  same. Dependencies are only known once a file has been analysed, so they
  are checked on read rather than folded into the entry's name.

Selection, per-file ignores and `# noqa` are applied after the cache, so
changing them needs no invalidation. The path is not part of the key: a
copied file hits.

Where it lives (`resolve_cache_dir`): `--cache-dir`, else the environment
variable SCOPELINT_CACHE_DIR, else `cache-dir` in the configuration, else
`.scopelint_cache` in the project root (the nearest directory above the
linted paths with a pyproject.toml or .git). It holds a `.gitignore` of `*`
and a CACHEDIR.TAG, as ruff's does.

Entries are written to a temporary file and `os.replace`d into place, so
concurrent runs (pre-commit runs several at once) only ever read whole
entries; a broken or unreadable entry is a miss. Temporary files are named
after the writing process, so a run that kills its workers (Ctrl-C) removes
theirs (`remove_temp_files`). Any OSError disables the cache for the rest
of the run instead of failing it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from typing import Dict, Iterable, Optional, Sequence

import scopelint
from scopelint.module_finder import nearest_with
from scopelint.results import CheckpointRecord, Finding, LintResult, NameRecord, Related

CACHE_DIR_NAME = ".scopelint_cache"
CACHE_DIR_ENV = "SCOPELINT_CACHE_DIR"
_FORMAT = 7
_PROJECT_MARKERS = ("pyproject.toml", ".git")
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


def project_root(start_dirs: Sequence[str]) -> Optional[str]:
    """The nearest directory at or above the common directory of
    `start_dirs` that holds a pyproject.toml or .git, or None."""
    dirs = [os.path.abspath(d) for d in start_dirs] or [os.getcwd()]
    try:
        common = os.path.commonpath(dirs)
    except ValueError:  # different drives on Windows
        common = dirs[0]
    return nearest_with(common, _PROJECT_MARKERS)


def resolve_cache_dir(
    option: Optional[str], configured: Optional[str], config_root: Optional[str], start_dirs: Sequence[str]
) -> str:
    """Where the cache lives (see the module doc). `configured` (the
    `cache-dir` key) is relative to `config_root`, the configuration's directory."""
    if option:
        return option
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return env
    if configured:
        return os.path.join(config_root or os.getcwd(), os.path.expanduser(configured))
    root = config_root or project_root(start_dirs) or os.getcwd()
    return os.path.join(root, CACHE_DIR_NAME)


def fingerprint(*, names: bool) -> str:
    h = hashlib.sha256()
    h.update(f"format={_FORMAT};version={scopelint.__version__};names={names};".encode())
    h.update(_package_fingerprint().encode())
    return h.hexdigest()[:24]


def content_key(data: bytes, *, notebook: bool = False) -> str:
    # The same bytes mean another program as a notebook than as a .py file.
    return hashlib.sha256((b"ipynb:" if notebook else b"") + data).hexdigest()


def file_hash(path: str) -> Optional[str]:
    """SHA-256 of a file's bytes, or None if it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return content_key(fh.read())
    except OSError:
        return None


def _relative(shown: str, entry: str) -> Optional[str]:
    """A finding's path as stored: None for the linted file itself, else
    relative to its directory (the other project file the program reached)."""
    return None if shown == entry else os.path.relpath(shown, os.path.dirname(entry) or ".")


def _absolute(stored: Optional[str], entry: str) -> str:
    return entry if stored is None else os.path.normpath(os.path.join(os.path.dirname(entry), stored))


TEMP_PREFIX = ".tmp-"


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _atomic_write(path: str, text: str, temp_dir: Optional[str] = None) -> None:
    # The pid in the name lets the parent remove what a killed worker left.
    fd, tmp = tempfile.mkstemp(dir=temp_dir or os.path.dirname(path), prefix=f"{TEMP_PREFIX}{os.getpid()}-")
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
        self._dep_hashes: Dict[str, Optional[str]] = {}  # per run: files do not change under a lint

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

    def _dependencies_unchanged(self, dependencies: Iterable) -> bool:
        for dep_path, digest in dependencies:
            if dep_path not in self._dep_hashes:
                self._dep_hashes[dep_path] = file_hash(dep_path)
            if self._dep_hashes[dep_path] != digest:
                return False
        return True

    def get(self, key: str, path: str) -> Optional[LintResult]:
        """The cached result with its paths set to `path`, or None."""
        if not self.enabled:
            return None
        try:
            with open(self._entry(key), encoding="utf-8") as fh:
                data = json.load(fh)
            dependencies = [(str(p), str(h)) for p, h in data["dependencies"]]
            if not self._dependencies_unchanged(dependencies):
                return None
            return LintResult(
                path,
                findings=[
                    Finding(
                        _absolute(where, path),
                        line,
                        column,
                        code,
                        name,
                        message,
                        tuple(Related(*r) for r in related),
                        cell,
                    )
                    for line, column, code, name, message, cell, related, where in data["findings"]
                ],
                names=[
                    NameRecord(
                        _absolute(where, path),
                        line,
                        column,
                        name,
                        action,
                        api,
                        cell,
                        more,
                        tuple((_absolute(p, path), at, c) for p, at, c in chain),
                        path if entry else None,
                        tuple(shape) if shape is not None else None,
                        dtype,
                    )
                    for line, column, name, action, api, cell, more, where, chain, entry, shape, dtype in data["names"]
                ],
                checkpoints=[
                    CheckpointRecord.from_list(_absolute(where, path), row) for *row, where in data["checkpoints"]
                ],
                skipped=bool(data["skipped"]),
                notes=[str(n) for n in data["notes"]],
                dependencies=dependencies,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, result: LintResult) -> None:
        if not self.enabled:
            return
        entry = {
            "findings": [
                [
                    f.line,
                    f.column,
                    f.code,
                    f.name,
                    f.message,
                    f.cell,
                    [list(r) for r in f.related],
                    _relative(f.path, result.path),
                ]
                for f in result.findings
            ],
            "names": [
                [
                    n.line,
                    n.column,
                    n.name,
                    n.action,
                    n.api,
                    n.cell,
                    n.more_iterations,
                    _relative(n.path, result.path),
                    [[_relative(p, result.path), at, c] for p, at, c in n.chain],
                    n.entry is not None,
                    list(n.shape) if n.shape is not None else None,
                    n.dtype,
                ]
                for n in result.names
            ],
            "checkpoints": [r.as_list() + [_relative(r.path, result.path)] for r in result.checkpoints],
            "skipped": result.skipped,
            "notes": result.notes,
            "dependencies": [list(d) for d in result.dependencies],
        }
        try:
            self._prepare()
            target = self._entry(key)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            _atomic_write(target, json.dumps(entry), temp_dir=self.bucket)
        except OSError:
            self.enabled = False  # read-only checkout, full disk: lint uncached

    def remove_temp_files(self, pids: Iterable[int]) -> None:
        """Remove the temporary files that processes `pids` (killed workers) left."""
        prefixes = tuple(f"{TEMP_PREFIX}{pid}-" for pid in pids)
        try:
            names = os.listdir(self.bucket)
        except OSError:
            return
        for name in names:
            if name.startswith(prefixes):
                try:
                    os.unlink(os.path.join(self.bucket, name))
                except OSError:
                    pass
