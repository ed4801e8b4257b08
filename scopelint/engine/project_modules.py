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
from typing import Any, Callable, Dict, Optional

from scopelint.engine.values import JDict
from scopelint.module_finder import ModuleFinder, ModuleSpec, resolve_relative

# Past these, further project imports are unknown modules (a deep or huge
# import graph stays finite).
MAX_MODULES = 400
MAX_IMPORT_DEPTH = 40


@dataclass
class SourceModule:
    """One parsed file of the project."""

    path: str  # absolute path
    tree: Any  # libcst Module
    text: str
    digest: str  # content hash (cache keys)


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
    modules: JDict = field(default_factory=JDict)  # sys.modules: name -> ProjectModule
    read: Dict[str, SourceModule] = field(default_factory=dict)  # every file read, by path
    depth: int = 0

    def absolute(self, importer: Optional[str], importer_is_package: bool, level: int, module: Optional[str]) -> Optional[str]:
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
        if parent_name:
            parent = self.load(interp, parent_name, make_frame)
            if parent is None:
                return None
        spec = self.finder.find(name)
        if spec is None or len(self.read) >= MAX_MODULES or self.depth >= MAX_IMPORT_DEPTH:
            return None
        source = None
        if spec.path is not None:
            source = self.read.get(spec.path)
            if source is None:
                source = self.reader(spec.path)
                if source is None:
                    return None
                self.read[spec.path] = source
        module = ProjectModule(name, spec, source, None)
        module.frame = make_frame(module)
        self.modules[name] = module
        if parent is not None:
            parent.env[last] = module  # the import system binds the submodule on its package
        if source is not None:
            self.depth += 1
            try:
                interp.run_imported_module(module)
            finally:
                self.depth -= 1
        return module


__all__ = ["ProjectImports", "ProjectModule", "SourceModule", "SourceReader", "MAX_MODULES"]
