"""The project's own modules as one analysed program sees them: its
`sys.modules`.

An import of a module of the project runs that module's top-level code
once per program, at the first import, in its own globals (`__name__` is
its dotted name; only the entry script is `__main__`), exactly as Python
does; later imports find it in `modules`. A module is registered before its
code runs, so circular imports see a partly initialised module, as in
Python. What cannot be found, read or parsed stays what it was before:
an unknown module, whose calls may do anything.

Files are read through a `SourceReader` the caller hands in (the linter
decodes and parses; the engine never touches the file system itself), and
every file read is kept in `read`: positions of findings in it, and the
cache key of the entry (editing `model.py` re-lints `train.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from scopelint.engine.values import JDict, Journal, forget_writes_to_newer, journal_marks, next_birth, outer_journal
from scopelint.module_finder import ModuleFinder, ModuleSpec, resolve_relative

# Past these, further project imports are unknown modules (a deep or huge
# import graph stays finite).
MAX_MODULES = 400
MAX_IMPORT_DEPTH = 40
MAX_KEPT_IMPORTS = 5_000


@dataclass
class SourceModule:
    """One parsed file of the project."""

    path: str  # absolute path
    tree: Any  # libcst Module
    text: str
    digest: str  # SHA-256 of its bytes (cache keys: scopelint.cache.file_hash)


# path -> SourceModule, or None when the file cannot be read or parsed.
SourceReader = Callable[[str], Optional[SourceModule]]


class ProjectModule:
    """A module of the project at run time: its globals are its frame's env."""

    __slots__ = ("name", "spec", "source", "frame")

    def __init__(self, name: str, spec: ModuleSpec, source: Optional[SourceModule], frame: Any):
        self.name = name
        self.spec = spec
        self.source = source  # None for a namespace package
        self.frame = frame

    @property
    def env(self) -> JDict:
        return self.frame.env

    def __repr__(self) -> str:
        return f"<module {self.name}>"


@dataclass
class ProjectImports:
    """Finds, reads and registers the project modules one program imports."""

    finder: ModuleFinder
    reader: SourceReader
    # The entry script's place in the packages (for its relative imports),
    # e.g. `pkg.train`; None for a script outside any package.
    entry_name: Optional[str] = None
    # Installed packages read like project modules (`[tool.scopelint]
    # follow`), found through `site` (the interpreter's import path).
    follow: Tuple[str, ...] = ()
    site: Optional[ModuleFinder] = None
    modules: JDict = field(default_factory=JDict)  # sys.modules: name -> ProjectModule
    read: Dict[str, SourceModule] = field(default_factory=dict)  # every file read, by path
    depth: int = 0
    outer: Optional[Journal] = None  # this program's writes, undone before the next

    def absolute(
        self, importer: Optional[str], importer_is_package: bool, level: int, module: Optional[str]
    ) -> Optional[str]:
        """The dotted name a (possibly relative) `from` import names."""
        if not level:
            return module
        if importer is None:
            return None
        return resolve_relative(importer, importer_is_package, level, module)

    def load(self, interp: Any, name: str, make_frame: Callable[[ProjectModule], Any]) -> Optional[ProjectModule]:
        """`importlib.import_module(name)`: parents first, each run once;
        None when `name` is not a module of the project."""
        found = self.modules.get(name)
        if isinstance(found, ProjectModule):
            return found
        if found is not None:  # imported on some paths only: unknown
            return None
        parent_name, _, last = name.rpartition(".")
        parent = None
        if parent_name and (not self.followed(name) or self.followed(parent_name)):
            parent = self.load(interp, parent_name, make_frame)
            if parent is None:
                return None
        if self.outer is None:
            # From the first import on, this program's writes are undone
            # when the next program starts: modules it reuses stay as imported.
            _undo_previous_program()
            self.outer = outer_journal()
            _PENDING.append(self.outer)
        module = self._reuse(name)
        if module is None:
            module = self._run(interp, name, make_frame)
            if module is None:
                return None
        if parent is not None:
            parent.env[last] = module  # the import system binds the submodule on its package
        return module

    def followed(self, name: str) -> bool:
        """Is `name` inside an installed package the user asked to follow?"""
        return any(name == p or name.startswith(p + ".") for p in self.follow)

    def _run(self, interp: Any, name: str, make_frame: Callable[[ProjectModule], Any]) -> Optional[ProjectModule]:
        finder = self.site if self.followed(name) and self.site is not None else self.finder
        spec = finder.find(name)
        if spec is None or len(self.read) >= MAX_MODULES or self.depth >= MAX_IMPORT_DEPTH:
            return None
        before = _Watch(interp, self)
        source = None
        if spec.path is not None:
            source = self.read.get(spec.path)
            if source is None:
                source = self.reader(spec.path)
                if source is None:
                    return None
                self.read[spec.path] = source
        born, marks = next_birth(), journal_marks()
        module = ProjectModule(name, spec, source, None)
        module.frame = make_frame(module)
        self.modules[name] = module
        if source is not None:
            self.depth += 1
            try:
                interp.run_imported_module(module)
            finally:
                self.depth -= 1
        if before.neutral(interp, self, born, marks):
            # Its objects were all made by this import: keep them as they
            # are now (later writes are journaled and undone), for the next
            # programs of this process that import it.
            forget_writes_to_newer(born, marks)
            added = [m for k, m in self.modules.items() if k not in before.names and isinstance(m, ProjectModule)]
            files = {p: src for p, src in self.read.items() if p not in before.files}
            _IMPORTED[(name, self.finder.roots)] = _Imported(module, added, files)
        return module

    def _reuse(self, name: str) -> Optional[ProjectModule]:
        entry = _IMPORTED.get((name, self.finder.roots))
        if entry is None:
            return None
        if not entry.fresh(self.reader):
            del _IMPORTED[(name, self.finder.roots)]
            return None
        if any(m.name in self.modules for m in entry.modules):
            return None  # some of its imports ran here already: run it again
        for m in entry.modules:
            self.modules[m.name] = m
        for m in entry.modules:
            parent_name, _, last = m.name.rpartition(".")
            parent = self.modules.get(parent_name) if parent_name else None
            if isinstance(parent, ProjectModule) and parent.env.get(last) is not m:
                parent.env[last] = m
        self.read.update(entry.files)
        return entry.module


class _Watch:
    """What an import may change that makes it specific to one program:
    events, writes to what existed before it (the graphs, other modules),
    values tied to this program's graph. An import that did none of these
    (plain Python: functions, classes, constants, registries of its own) is
    *neutral*: the next programs of the process can reuse its objects."""

    def __init__(self, interp: Any, imports: "ProjectImports"):
        self.graph_refs = interp.graph_refs
        self.events = len(interp.events)
        self.graphs = interp.world.get("graphs")
        self.names = set(imports.modules.keys())
        self.files = set(imports.read)

    def neutral(self, interp: Any, imports: "ProjectImports", born: int, marks: list) -> bool:
        if (
            interp.graph_refs != self.graph_refs
            or len(interp.events) != self.events
            or interp.world.get("graphs") is not self.graphs
            or interp.truncated
        ):
            return False
        allowed = (imports.modules, interp.stable_values)
        for j, start in marks:
            for container, key, _old in j.entries[start:]:
                if container.born >= born or any(container is a for a in allowed):
                    continue
                if _binds_submodule(container, key):
                    continue
                return False
        return True


def _binds_submodule(container: JDict, key: Any) -> bool:
    """`pkg.env[name] = <module pkg.name>`: the import system's own write,
    replayed when the import is reused."""
    return isinstance(container.data.get(key), ProjectModule)


@dataclass
class _Imported:
    """A neutral import kept for the next programs of this process."""

    module: ProjectModule
    modules: List[ProjectModule]  # every module it registered (itself, its imports)
    files: Dict[str, SourceModule]  # every file it read

    def fresh(self, reader: SourceReader) -> bool:
        """Every file it read is still the same (the reader answers from
        its cache while a file's size and time are unchanged)."""
        return all(reader(path) is src for path, src in self.files.items())


# (module name, roots) -> the import, for this process; bounded.
_IMPORTED: Dict[Tuple[str, Tuple[str, ...]], _Imported] = {}
# Journals of programs whose writes are still to be undone.
_PENDING: List[Journal] = []


def _undo_previous_program() -> None:
    while _PENDING:
        _PENDING.pop().undo()
    if len(_IMPORTED) > MAX_KEPT_IMPORTS:
        _IMPORTED.clear()


__all__ = ["ProjectImports", "ProjectModule", "SourceModule", "SourceReader", "MAX_MODULES"]
