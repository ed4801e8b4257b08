"""Turning the paths on the command line into the files to lint.

Directories are walked for the `include` globs (`*.py`, `*.ipynb`); excludes (globs) and `.gitignore` prune
the walk. Paths named explicitly are linted even when excluded unless
`force_exclude` is set (pre-commit names every file explicitly).
Problems never stop the walk: they are collected as `Problem`s.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Dict, List, Optional, Sequence, Tuple

from scopelint.config import Settings


@dataclass(frozen=True)
class Problem:
    message: str
    # Fatal problems (an explicit path or a file to lint that cannot be
    # read) make the run exit 2; the rest are warnings.
    fatal: bool


@dataclass(frozen=True)
class Candidate:
    path: str  # what to open
    display: str  # what to print (valid UTF-8)


def display_path(path: str) -> str:
    """`path` as printable text: undecodable bytes shown as \\xNN escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def relative_posix(path: str, root: str) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), root)
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


def glob_match(pattern: str, rel: str) -> bool:
    """A pattern with a slash matches the root-relative path (or one of its
    leading directories; a leading `/` just anchors); one without matches
    any single component."""
    pattern = pattern.rstrip("/")
    if not pattern:
        return False
    parts = rel.split("/")
    if "/" in pattern:
        pattern = pattern.lstrip("/")
        return any(fnmatchcase("/".join(parts[: i + 1]), pattern) for i in range(len(parts)))
    return any(fnmatchcase(part, pattern) for part in parts)


def per_file_ignored(settings: Settings, path: str) -> frozenset:
    """Codes that `per-file-ignores` switches off for `path`."""
    if not settings.per_file_ignores:
        return frozenset()
    rel = relative_posix(path, settings.root)
    codes: set = set()
    for pattern, ignored in settings.per_file_ignores:
        if glob_match(pattern, rel):
            codes |= ignored
    return frozenset(codes)


@dataclass(frozen=True)
class _IgnoreContext:
    """The .gitignore rules in force in one directory of a work tree."""

    rel: str  # the directory, relative to the work tree root ("" at the root)
    # (directory relative to the root, spec) for each .gitignore, outermost first.
    stack: tuple
    info_exclude: object  # the spec of .git/info/exclude, or None


class GitIgnore:
    """`.gitignore` files (every level) and `.git/info/exclude` of the work
    tree a path is in; pathspec implements git's pattern grammar. Contexts
    are cached per directory, so a walk reads each .gitignore once.

    Not read: the user's global `core.excludesFile`.
    """

    def __init__(self) -> None:
        import pathspec  # only needed when .gitignore is respected

        self._pathspec = pathspec
        self._contexts: Dict[str, Optional[_IgnoreContext]] = {}

    def _read(self, file: str):
        try:
            with open(file, encoding="utf-8", errors="surrogateescape") as fh:
                lines = fh.read().splitlines()
        except OSError:
            return None
        return self._pathspec.GitIgnoreSpec.from_lines(lines) if lines else None

    def context(self, directory: str) -> Optional[_IgnoreContext]:
        """The context of the absolute, normalized `directory` (None outside a work tree)."""
        if directory in self._contexts:
            return self._contexts[directory]
        if os.path.exists(os.path.join(directory, ".git")):
            ctx: Optional[_IgnoreContext] = _IgnoreContext(
                "", (), self._read(os.path.join(directory, ".git", "info", "exclude"))
            )
        else:
            parent = os.path.dirname(directory)
            outer = None if parent == directory else self.context(parent)
            if outer is None:
                ctx = None
            else:
                name = os.path.basename(directory)
                ctx = _IgnoreContext(f"{outer.rel}/{name}" if outer.rel else name, outer.stack, outer.info_exclude)
        if ctx is not None:
            spec = self._read(os.path.join(directory, ".gitignore"))
            if spec is not None:
                ctx = _IgnoreContext(ctx.rel, ctx.stack + ((ctx.rel, spec),), ctx.info_exclude)
        self._contexts[directory] = ctx
        return ctx

    @staticmethod
    def ignored_in(ctx: _IgnoreContext, name: str, is_dir: bool) -> bool:
        path = f"{ctx.rel}/{name}" if ctx.rel else name
        suffix = "/" if is_dir else ""
        # The deepest .gitignore with a matching pattern decides.
        for base, spec in reversed(ctx.stack):
            verdict = spec.check_file((path[len(base) + 1 :] if base else path) + suffix).include
            if verdict is not None:
                return verdict
        if ctx.info_exclude is not None:
            return bool(ctx.info_exclude.check_file(path + suffix).include)  # type: ignore[attr-defined]
        return False

    def ignored(self, path: str, is_dir: bool, *, parents: bool = False) -> bool:
        """Whether git ignores `path`; with `parents`, also whether it is
        inside an ignored directory."""
        path = os.path.abspath(path)
        while True:
            directory = os.path.dirname(path)
            if directory == path:
                return False
            ctx = self.context(directory)
            if ctx is None:
                return False
            if self.ignored_in(ctx, os.path.basename(path), is_dir):
                return True
            if not parents or not ctx.rel:
                return False
            path, is_dir = directory, True


@dataclass
class Discovery:
    settings: Settings
    force_exclude: bool = False
    problems: List[Problem] = field(default_factory=list)
    excluded_named: List[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._gitignore = GitIgnore() if self.settings.respect_gitignore else None
        names = [p.rstrip("/") for p in self.settings.exclude if p.rstrip("/") and "/" not in p.rstrip("/")]
        # One regex for all name globs: the walk tests every entry against it.
        self._name_re = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in names)) if names else None
        self._path_globs = [p for p in self.settings.exclude if "/" in p.rstrip("/")]
        # `include` globs match file names (`*.py`, `*.ipynb`); a regex that never matches when empty.
        self._include_re = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in self.settings.include) or "(?!)")

    def excluded(self, path: str, is_dir: bool, *, whole_path: bool = False) -> bool:
        """Whether `path` is excluded by a glob or .gitignore; `whole_path`
        also checks its parent directories (for paths named explicitly,
        which were not reached by a walk)."""
        return self.exclusion(path, is_dir, whole_path=whole_path) is not None

    def exclusion(self, path: str, is_dir: bool, *, whole_path: bool = False) -> Optional[str]:
        """Why `path` is excluded (the glob, or .gitignore), or None."""
        rel = relative_posix(path, self.settings.root)
        if whole_path:
            for pattern in self.settings.exclude:
                if glob_match(pattern, rel):
                    return f"exclude pattern '{pattern}'"
        elif self._glob_excluded(rel):
            return "an exclude pattern"
        if self._gitignore is not None and self._gitignore.ignored(path, is_dir, parents=whole_path):
            return ".gitignore"
        return None

    def note_excluded(self, path: str, reason: str) -> None:
        """A path named on the command line that --force-exclude skips. Said
        only when nothing is left to lint (`excluded_named`): pre-commit names
        excluded files on every commit, and that is not news."""
        self.excluded_named.append(f"{display_path(path)}: excluded by {reason} (--force-exclude); not linted")

    def _glob_excluded(self, rel: str) -> bool:
        """Globs against the last component (or, with a slash, the path)."""
        if self._name_re is not None and self._name_re.match(rel.rsplit("/", 1)[-1]):
            return True
        return any(glob_match(p, rel) for p in self._path_globs)

    def _warn(self, path: str, message: str) -> None:
        self.problems.append(Problem(f"{display_path(path)}: {message}", fatal=False))

    def _error(self, path: str, message: str) -> None:
        self.problems.append(Problem(f"{display_path(path)}: {message}", fatal=True))

    def _candidate(self, path: str) -> Candidate:
        path = os.path.normpath(path)  # ./a.py -> a.py
        shown = display_path(path)
        if shown != path:
            self._warn(path, "file name is not valid UTF-8; shown with \\x escapes")
        return Candidate(path, shown)

    def find(self, paths: Sequence[str]) -> List[Candidate]:
        found: List[Candidate] = []
        seen = set()
        for given in paths:
            path = os.path.normpath(given)
            try:
                st = os.stat(path)
            except OSError as exc:
                self._error(path, f"cannot access: {exc.strerror or exc}")
                continue
            if stat.S_ISDIR(st.st_mode):
                reason = self.exclusion(path, True, whole_path=True) if self.force_exclude else None
                if reason:
                    self.note_excluded(path, reason)
                    continue
                walked = self._walk(path, (st.st_dev, st.st_ino))
            elif stat.S_ISSOCK(st.st_mode):
                self._error(path, "is a socket, not a file")
                continue
            else:
                # Regular files, and FIFOs such as bash's <(...), are read.
                reason = self.exclusion(path, False, whole_path=True) if self.force_exclude else None
                if reason:
                    self.note_excluded(path, reason)
                    continue
                walked = [self._candidate(path)]
            for cand in walked:
                if cand.path not in seen:
                    seen.add(cand.path)
                    found.append(cand)
        return found

    def _walk(self, top: str, top_id: Tuple[int, int]) -> List[Candidate]:
        out: List[Candidate] = []
        gitignore = self._gitignore
        top_rel = relative_posix(top, self.settings.root)
        # Entries: (directory, its root-relative path, its ancestors'
        # (dev, inode) to spot symlink loops).
        stack: List[Tuple[str, str, frozenset]] = [(top, "" if top_rel == "." else top_rel, frozenset([top_id]))]
        while stack:
            directory, rel_dir, ancestors = stack.pop()
            try:
                with os.scandir(directory) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:  # an error (exit 2), as an unreadable file is: its files go unlinted
                self._error(directory, f"cannot read directory: {exc.strerror or exc}; skipped")
                continue
            ctx = gitignore.context(os.path.abspath(directory)) if gitignore is not None else None
            subdirs = []
            for entry in entries:
                rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
                try:
                    is_dir = entry.is_dir()
                except OSError as exc:  # e.g. a symlink pointing at itself
                    self._warn(entry.path, f"cannot access: {exc.strerror or exc}; skipped")
                    continue
                if not is_dir and not self._include_re.match(entry.name):
                    continue
                if self._glob_excluded(rel) or (
                    ctx is not None and gitignore is not None and gitignore.ignored_in(ctx, entry.name, is_dir)
                ):
                    continue
                if is_dir:
                    try:
                        st = entry.stat()
                    except OSError as exc:
                        self._warn(entry.path, f"cannot access: {exc.strerror or exc}; skipped")
                        continue
                    ident = (st.st_dev, st.st_ino)
                    if ident in ancestors:
                        self._warn(entry.path, "symbolic link loop; skipped")
                        continue
                    subdirs.append((entry.path, rel, ancestors | {ident}))
                    continue
                try:
                    regular = entry.is_file()
                except OSError:
                    regular = False
                if regular:
                    out.append(self._candidate(entry.path))
                elif entry.is_symlink() and not os.path.exists(entry.path):
                    self._warn(entry.path, "broken symbolic link; skipped")
                else:
                    self._warn(entry.path, "not a regular file (FIFO, socket or device); skipped")
            stack.extend(reversed(subdirs))
        return out
