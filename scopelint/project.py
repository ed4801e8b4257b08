"""The project around a linted file: where its imports are found, how the
project's modules are read (once per process), and whether anything the
file imports can reach TensorFlow.

A file is analysed as the program it starts (`python train.py`): the
project modules it imports are read, not reported on their own; their
findings appear where the program reaches them. See module_finder for how
roots are chosen.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import sys
import threading
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from scopelint.engine.project_modules import ProjectImports, SourceModule
from scopelint.module_finder import (
    ModuleFinder,
    import_roots,
    module_name_of,
    nearest_with,
    package_top,
    resolve_relative,
)
from scopelint.source import decode_source, python_syntax_problem

# Files over this size are not read as imports (the linter's own limit).
MAX_MODULE_BYTES = 4_000_000
# The transitive prefilter looks at most this many files.
MAX_PREFILTER_FILES = 300
# Parsed modules kept per process (a worker lints many files of one project).
MAX_CACHED_MODULES = 2_000

_PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
_TF_TEXT = re.compile(rb"tensorflow|tf_slim")
_IMPORT = re.compile(rb"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+([^#\n]*)|import[ \t]+([^#\n]*))", re.M)

_lock = threading.Lock()
_parsed: Dict[Tuple[str, int, int], Optional[SourceModule]] = {}
_raw: Dict[Tuple[str, int, int], bytes] = {}
# Parsed trees by (absolute path, text): a file linted as an entry and
# imported by other entries of the same process is parsed once.
_trees: Dict[str, Tuple[str, Any]] = {}
_roots_of_dir: Dict[Tuple[str, Tuple[str, ...]], Tuple[str, ...]] = {}


def project_root(directory: str) -> Optional[str]:
    """The nearest directory at or above `directory` with a pyproject.toml,
    setup.py, setup.cfg or .git."""
    return nearest_with(directory, _PROJECT_MARKERS)


def roots_for(path: str, src: Sequence[str] = ()) -> Tuple[str, ...]:
    directory = os.path.dirname(os.path.abspath(path))
    key = (directory, tuple(src))
    roots = _roots_of_dir.get(key)
    if roots is None:
        roots = _roots_of_dir[key] = import_roots(path, src, project_root(directory))
    return roots


def _stat_key(path: str) -> Optional[Tuple[str, int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (path, st.st_mtime_ns, st.st_size)


def read_bytes(path: str) -> Optional[bytes]:
    key = _stat_key(path)
    if key is None or key[2] > MAX_MODULE_BYTES:
        return None
    data = _raw.get(key)
    if data is None:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        with _lock:
            if len(_raw) >= MAX_CACHED_MODULES:
                _raw.clear()
            _raw[key] = data
    return data


def read_module(path: str) -> Optional[SourceModule]:
    """A project file decoded and parsed as Python would, once per process;
    None when it cannot be (an import of it would fail: unknown)."""
    key = _stat_key(path)
    if key is None:
        return None
    if key in _parsed:
        return _parsed[key]
    module = None
    data = read_bytes(path)
    if data is not None:
        text, problem = decode_source(data)
        if text is not None and problem is None and python_syntax_problem(text, path) is None:
            from scopelint.parse import parse_module  # libcst: only when a module is read

            try:
                tree = shared_tree(path, text, parse_module)
            except Exception:  # libcst refuses what CPython accepts: unknown
                tree = None
            if tree is not None:
                module = SourceModule(os.path.abspath(path), tree, text, hashlib.sha256(data).hexdigest())
                # Kept for the whole run: out of the cyclic collector's sight
                # (every full collection would walk every tree kept so far).
                gc.freeze()
    with _lock:
        if len(_parsed) >= MAX_CACHED_MODULES:
            _parsed.clear()
        _parsed[key] = module
    return module


def shared_tree(path: str, text: str, parse: Callable[[str], Any]) -> Any:
    """`parse(text)`, or the tree this process already parsed from the same
    text at the same path (as an entry or as an import)."""
    key = os.path.abspath(path)
    hit = _trees.get(key)
    if hit is not None and hit[0] == text:
        return hit[1]
    tree = parse(text)
    with _lock:
        if len(_trees) >= MAX_CACHED_MODULES:
            _trees.clear()
        _trees[key] = (text, tree)
    return tree


def imports_for(path: str, src: Sequence[str] = (), follow: Sequence[str] = ()) -> Optional[ProjectImports]:
    """What the program started from `path` imports from its project, or
    None when `path` is not a file on disk (stdin, a test's fake path).
    `follow`: installed packages (`tf_slim.nets`) read like the project's."""
    if not os.path.isfile(path):
        return None
    roots = roots_for(path, src)
    site = ModuleFinder(site_roots()) if follow else None
    return ProjectImports(
        ModuleFinder(roots), read_module, entry_name=_entry_name(path, roots), follow=tuple(follow), site=site
    )


def site_roots() -> Tuple[str, ...]:
    """The running interpreter's import path: where `follow`ed packages are
    found (read from disk, never imported)."""
    return tuple(os.path.abspath(p) for p in sys.path if p and os.path.isdir(p))


def _entry_name(path: str, roots: Sequence[str]) -> Optional[str]:
    """`pkg.train` for a script inside package `pkg` (run as `python -m
    pkg.train`, its relative imports work); None outside packages."""
    top = package_top(os.path.dirname(os.path.abspath(path)))
    return module_name_of(path, [top]) if top is not None else None


def imported_names(data: bytes, importer: Optional[str], is_package: bool = False) -> List[str]:
    """Dotted module names a file's import statements may load (with
    `from a import b`, both `a` and `a.b`)."""
    out: List[str] = []
    for m in _IMPORT.finditer(data):
        if m.group(3) is not None:
            for part in m.group(3).decode("utf-8", "replace").split(","):
                name = part.strip().split(" ")[0].strip("()\\ ")
                if name:
                    out.append(name)
            continue
        base = m.group(1).decode("utf-8", "replace")
        level = len(base) - len(base.lstrip("."))
        module = base[level:] or None
        if level:
            if importer is None:
                continue
            resolved = resolve_relative(importer, is_package, level, module)
            if resolved is None:
                continue
            module = resolved
        if not module:
            continue
        out.append(module)
        for part in m.group(2).decode("utf-8", "replace").replace("(", " ").replace(")", " ").split(","):
            name = part.strip().split(" ")[0]
            if name.isidentifier():
                out.append(f"{module}.{name}")
    return out


# (path, importer name) -> [(path, name, is_package)] of the project
# modules its import statements name (memoised: every entry of a project
# walks the same modules).
_edges: Dict[Tuple[object, Optional[str], Tuple[str, ...]], List[Tuple[str, str, bool]]] = {}
_text_checks: Dict[Tuple[object, str], bool] = {}


def _imports_of(
    data: bytes, path: Optional[str], name: Optional[str], is_package: bool, finder: ModuleFinder
) -> List[Tuple[str, str, bool]]:
    key = (_stat_key(path) if path is not None else None, name, finder.roots)
    found = _edges.get(key) if path is not None else None
    if found is not None:
        return found
    out: List[Tuple[str, str, bool]] = []
    for dotted in imported_names(data, name, is_package):
        if dotted.split(".")[0] in ("tensorflow", "tf_slim"):
            continue
        parts = dotted.split(".")
        for i in range(1, len(parts) + 1):  # a package's __init__ runs too
            spec = finder.find(".".join(parts[:i]))
            if spec is None:
                break
            if spec.path is not None:
                out.append((spec.path, ".".join(parts[:i]), spec.is_package))
    if path is not None:
        with _lock:
            if len(_edges) >= MAX_CACHED_MODULES:
                _edges.clear()
            _edges[key] = out
    return out


def reachable_modules(path: str, data: bytes, src: Sequence[str] = ()) -> Iterator[str]:
    """Paths of the project modules `path` may import, transitively
    (bounded), nearest first: what the prefilter must also look at. A
    generator: the prefilter stops at the first module that answers."""
    if not os.path.isfile(path):
        return
    roots = roots_for(path, src)
    finder = ModuleFinder(roots)
    seen: Dict[str, None] = {}
    queue = _imports_of(data, None, _entry_name(path, roots), False, finder)[::-1]
    while queue and len(seen) < MAX_PREFILTER_FILES:
        found, name, is_package = queue.pop()
        if found in seen:
            continue
        seen[found] = None
        yield found
        text = read_bytes(found)
        if text is not None:
            queue.extend(_imports_of(text, found, name, is_package, finder)[::-1])


def _check_text(path: str, what: str, test) -> bool:
    key = (_stat_key(path), what)
    answer = _text_checks.get(key)
    if answer is None:
        data = read_bytes(path)
        answer = data is not None and bool(test(data))
        with _lock:
            if len(_text_checks) >= MAX_CACHED_MODULES:
                _text_checks.clear()
            _text_checks[key] = answer
    return answer


def may_reach_tensorflow(path: str, data: bytes, src: Sequence[str] = ()) -> bool:
    """Does a project module the file imports mention TensorFlow?"""
    return any(_check_text(p, "tf", _TF_TEXT.search) for p in reachable_modules(path, data, src))


def imports_may_report(path: str, data: bytes, may_report, src: Sequence[str] = ()) -> bool:
    """Does a project module the file imports name an API that reports?"""
    return any(
        _check_text(p, "reports", lambda b: _TF_TEXT.search(b) and may_report(b.decode("utf-8", "replace")))
        for p in reachable_modules(path, data, src)
    )


__all__ = [
    "imports_for",
    "imports_may_report",
    "may_reach_tensorflow",
    "project_root",
    "read_module",
    "shared_tree",
    "reachable_modules",
    "roots_for",
]
