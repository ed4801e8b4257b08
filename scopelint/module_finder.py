"""Finds a project's own modules on disk the way Python's import system would.

A linted file is run as a script: Python puts the script's directory first
on `sys.path`. A file inside a package (its directory has `__init__.py`) is
usually run from the package's parent (`python -m pkg.train`, or a tool on
the path), so the top of the package counts as a root too. A `src/` layout
and roots configured as `[tool.scopelint] src = [...]` (`--src`) complete
the list. Nothing is imported and nothing outside the roots is read: TF and
the libraries scopelint models stay modelled, and site-packages are never
followed unless configured (`follow`).

Resolution follows `importlib`'s path finder: for each root, `name.py`, then
`name/__init__.py` (a regular package), and a directory without
`__init__.py` is a namespace package portion (it can span roots).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

# Where a project module is found: `path` is the file that runs on import
# (None for a namespace package), `search` the directories its submodules
# are looked up in (empty for a plain module).


# How many directories above a script are searched for a `src/` folder.
MAX_SRC_LEVELS = 4


@dataclass(frozen=True)
class ModuleSpec:
    name: str  # dotted name, as in sys.modules
    path: Optional[str]  # file executed on import; None for a namespace package
    search: Tuple[str, ...]  # where submodules are found (packages only)

    @property
    def is_package(self) -> bool:
        return bool(self.search)


def package_top(directory: str) -> Optional[str]:
    """The directory that holds the outermost package containing
    `directory` (walking up while `__init__.py` exists), or None when
    `directory` is not a package."""
    directory = os.path.abspath(directory)
    if not os.path.isfile(os.path.join(directory, "__init__.py")):
        return None
    top = directory
    while True:
        parent = os.path.dirname(top)
        if parent == top or not os.path.isfile(os.path.join(parent, "__init__.py")):
            return parent
        top = parent


def import_roots(script: str, src: Sequence[str] = (), project_root: Optional[str] = None) -> Tuple[str, ...]:
    """The directories a program started from `script` finds modules in, in
    the order Python searches them (duplicates removed)."""
    here = os.path.dirname(os.path.abspath(script))
    roots: List[str] = [here]
    top = package_top(here)
    if top is not None:
        roots.append(top)
    if project_root is not None:
        roots.append(os.path.abspath(project_root))
    # A `src/` layout: the script's directory or one above it, up to the
    # project root, holds `src/` (the package installed in development mode).
    current = here
    stop = os.path.abspath(project_root) if project_root is not None else None
    for _ in range(MAX_SRC_LEVELS):
        candidate = os.path.join(current, "src")
        if os.path.isdir(candidate):
            roots.append(candidate)
        if current == stop or os.path.dirname(current) == current:
            break
        current = os.path.dirname(current)
    roots.extend(os.path.abspath(s) for s in src)
    out: List[str] = []
    for r in roots:
        if r not in out and os.path.isdir(r):
            out.append(r)
    return tuple(out)


def nearest_with(directory: str, markers: Sequence[str]) -> Optional[str]:
    """The nearest directory at or above `directory` that holds one of
    `markers` (a project's root: pyproject.toml, .git...), or None."""
    current = os.path.abspath(directory)
    while True:
        if any(os.path.exists(os.path.join(current, m)) for m in markers):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def module_name_of(path: str, roots: Sequence[str]) -> Optional[str]:
    """The dotted name under which `path` is imported from the first root
    that reaches it (`pkg/sub/mod.py` -> `pkg.sub.mod`), or None."""
    path = os.path.abspath(path)
    for root in roots:
        try:
            rel = os.path.relpath(path, root)
        except ValueError:
            continue
        if rel.startswith(os.pardir) or not rel.endswith(".py"):
            continue
        parts = rel[:-3].split(os.sep)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and all(p.isidentifier() for p in parts):
            return ".".join(parts)
    return None


class ModuleFinder:
    """Resolves dotted names to project files, memoised for one run."""

    def __init__(self, roots: Sequence[str]):
        self.roots = tuple(roots)
        self._found: Dict[str, Optional[ModuleSpec]] = {}

    def find(self, name: str) -> Optional[ModuleSpec]:
        """The spec of `name` (`pkg.sub.mod`), or None when it is not a
        module of the project (TF, numpy, a typo...)."""
        if name in self._found:
            return self._found[name]
        parts = name.split(".")
        if not all(p.isidentifier() for p in parts):
            self._found[name] = None
            return None
        if len(parts) == 1:
            spec = _find_in(name, parts[0], self.roots)
        else:
            parent = self.find(".".join(parts[:-1]))
            spec = _find_in(name, parts[-1], parent.search) if parent is not None and parent.is_package else None
        self._found[name] = spec
        return spec


def _find_in(name: str, last: str, directories: Sequence[str]) -> Optional[ModuleSpec]:
    portions: List[str] = []
    for d in directories:
        package = os.path.join(d, last)
        init = os.path.join(package, "__init__.py")
        if os.path.isfile(init):
            return ModuleSpec(name, init, (package,))
        module = os.path.join(d, last + ".py")
        if os.path.isfile(module):
            return ModuleSpec(name, module, ())
        if os.path.isdir(package):
            portions.append(package)
    if portions:
        return ModuleSpec(name, None, tuple(portions))
    return None


def resolve_relative(importer: str, importer_is_package: bool, level: int, module: Optional[str]) -> Optional[str]:
    """The absolute dotted name of `from <level dots><module> import ...`
    in the module named `importer`, or None when it climbs past the top
    (Python: "attempted relative import beyond top-level package")."""
    package = importer if importer_is_package else importer.rpartition(".")[0]
    parts = package.split(".") if package else []
    if level - 1 > len(parts) or (not parts and level >= 1):
        return None
    base = parts[: len(parts) - (level - 1)]
    if module:
        base = base + module.split(".")
    return ".".join(base) if base else None


__all__ = [
    "ModuleFinder",
    "ModuleSpec",
    "import_roots",
    "module_name_of",
    "nearest_with",
    "package_top",
    "resolve_relative",
]
