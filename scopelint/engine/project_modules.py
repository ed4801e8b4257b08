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

import bisect
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Set, Tuple

from scopelint.engine.objects import BoundMethod, ClassVal, DictVal, FuncVal, Instance, ListVal, ModuleRef, TFRef
from scopelint.engine.values import (
    MISSING,
    JDict,
    Journal,
    Plain,
    SymStr,
    Unknown,
    forget_writes_to_newer,
    journal_marks,
    next_birth,
    outer_journal,
)
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
    not_found: List[str] = field(default_factory=list)  # imported names that are not project modules
    unsure: List[str] = field(default_factory=list)  # imports that found a module imported on some paths only
    births: List[int] = field(default_factory=list)  # the first birth of each import running (outermost first)
    reusing: Set[str] = field(default_factory=set)  # kept imports being reused (their needs imported first)
    # Per import being run (innermost last): the modules it found imported already.
    running: List[Dict[str, ProjectModule]] = field(default_factory=list)
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
            self.found(found)
            return found
        if found is not None:  # imported on some paths only: unknown
            self.unsure.append(name)
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
        module = self._imported_meanwhile(name)
        if module is None:
            module = self._reuse(interp, name, make_frame)
        if module is None:
            # Importing its package, or the modules its kept import needed,
            # may have imported it already (circular imports).
            module = self._imported_meanwhile(name) or self._run(interp, name, make_frame)
            if module is None:
                return None
        if parent is not None:
            parent.env[last] = module  # the import system binds the submodule on its package
        return module

    def _imported_meanwhile(self, name: str) -> Optional[ProjectModule]:
        found = self.modules.get(name)
        return found if isinstance(found, ProjectModule) else None

    def found(self, module: ProjectModule) -> None:
        """An import statement found `module` imported already (in
        sys.modules, or bound on its package): the imports running now
        depend on it."""
        for uses in self.running:
            uses.setdefault(module.name, module)

    def followed(self, name: str) -> bool:
        """Is `name` inside an installed package the user asked to follow?"""
        return any(name == p or name.startswith(p + ".") for p in self.follow)

    def _run(self, interp: Any, name: str, make_frame: Callable[[ProjectModule], Any]) -> Optional[ProjectModule]:
        spec = self._finder_for(name).find(name)
        if spec is None:
            self.not_found.append(name)
            return None
        if len(self.read) >= MAX_MODULES or self.depth >= MAX_IMPORT_DEPTH:
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
        uses: Dict[str, ProjectModule] = {}
        self.running.append(uses)
        self.births.append(born)
        try:
            if source is not None:
                self.depth += 1
                try:
                    interp.run_imported_module(module)
                finally:
                    self.depth -= 1
        finally:
            self.running.pop()
            self.births.pop()
        effects = before.neutral(interp, self, born, marks)
        if effects is not None:
            # Its objects were all made by this import: keep them as they
            # are now (later writes are journaled and undone), for the next
            # programs of this process that import it; what it did to older
            # kept objects and to the graph's store is replayed there.
            forget_writes_to_newer(born, marks, keep=_kept)
            # Every module this import registered: new names, and names taken
            # before (imported on some paths only) by a module made here.
            added = [
                m
                for k, m in self.modules.items()
                if isinstance(m, ProjectModule) and (k not in before.names or m.env.born >= born)
            ]
            files = {p: src for p, src in self.read.items() if p not in before.files}
            # A module run a second time (its first import undone with a
            # branch) was read before: its file is still one this import read.
            files.update((m.source.path, m.source) for m in added if m.source is not None)
            earlier = [m for k, m in uses.items() if k in before.names]
            missing = sorted(set(self.not_found[before.not_found :]))
            # Only markers older than this import are this program's own.
            unsure = sorted({n for n in self.unsure[before.unsure :] if n in before.markers})
            writes, (store, needs_open), pending = effects
            _IMPORTED[(name, spec.path, self.follow)] = _Imported(
                module, added, files, writes, store, needs_open, pending, earlier, missing, unsure
            )
            _keep_births(born, next_birth())
        return module

    def _finds_same(self, entry: "_Imported") -> bool:
        """Would its imports resolve to the same files from this program's
        roots (kept imports are shared by the programs of every directory)?"""
        for m in entry.modules + entry.earlier:
            spec = self._finder_for(m.name).find(m.name)
            if spec is None or spec.path != m.spec.path:
                return False
        return all(self._finder_for(n).find(n) is None for n in entry.missing)

    def _finder_for(self, name: str) -> ModuleFinder:
        return self.site if self.followed(name) and self.site is not None else self.finder

    def _reuse(self, interp: Any, name: str, make_frame: Callable[[ProjectModule], Any]) -> Optional[ProjectModule]:
        spec = self._finder_for(name).find(name)
        entry = _IMPORTED.get((name, spec.path, self.follow)) if spec is not None else None
        if entry is None:
            return None
        if not entry.fresh(self.reader):
            # Other kept imports may write into what it made: forget them all.
            forget_kept_imports()
            return None
        if not self._finds_same(entry):
            return None  # this program's roots find other files
        if not all(_kept(birth) for birth in entry.pending):
            return None  # it wrote into an import that was not kept
        if entry.needs_open_store and interp.graph.f["store_open"] is not True:
            return None  # what it does to a closed store is not known
        if any(isinstance(self.modules.get(n, None), (ProjectModule, type(None))) for n in entry.unsure):
            return None  # it found modules imported on some paths only; here they are not
        if name in self.reusing:
            return None  # a circular import: run it
        self.reusing.add(name)
        try:
            for used in entry.earlier:
                # Modules it imported that were imported before it: imported
                # now as its import statements would; reused only if they are
                # the objects its names refer to.
                if self.load(interp, used.name, make_frame) is not used:
                    return None
        finally:
            self.reusing.discard(name)
        if any(self.modules.get(m.name, m) is not m for m in entry.modules):
            return None  # some of its imports ran here already: run it again
        for container, key, value in entry.writes:
            container[key] = value  # journaled: undone with this program's other writes
        for key, value in entry.store.items():
            # As the join of its paths leaves them: a flag set on some paths is unknown.
            if value is True or (key in _STORE_FLAGS and interp.graph.f[key] is True):
                interp.graph.f[key] = True if key in _STORE_FLAGS else value
            else:
                interp.graph.f[key] = Unknown()
        for m in entry.modules:
            if m.name not in self.modules:
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
    events, writes to what this program made before it (the graphs'
    variables, the entry's objects), values tied to this program's graph.
    An import that did none of these (plain Python: functions, classes,
    constants, registries) is *neutral*: the next programs of the process
    can reuse its objects. Effects on older things that can be replayed
    are allowed: writes into objects of imports kept already (a decorator
    registering a function in another module's dict), writes into the
    imports it runs inside (checked kept at reuse), and the graph's store
    flags (an unknown call at import time opened it). The rules in full:
    docs/projects.md, "Imports kept across programs"."""

    def __init__(self, interp: Any, imports: "ProjectImports"):
        self.graph_refs = interp.graph_refs
        self.events = len(interp.events)
        self.graphs = interp.world.get("graphs")
        self.names = set(imports.modules.keys())
        self.files = set(imports.read)
        self.not_found = len(imports.not_found)
        self.unsure = len(imports.unsure)
        self.markers = {k for k, v in imports.modules.items() if not isinstance(v, ProjectModule)}
        self.store_before = interp.graph.f.data.get("store_open")
        self.lost_before = interp.graph.f.data.get("lost")

    def neutral(
        self, interp: Any, imports: "ProjectImports", born: int, marks: list
    ) -> Optional[Tuple[list, Tuple[Dict[str, Any], bool], List[int]]]:
        """None when the import is specific to this program; else the
        writes to replay when it is reused, what it did to the graph's store
        (see _Imported.store), and the births it needs kept."""
        if (
            interp.graph_refs != self.graph_refs
            or len(interp.events) != self.events
            or interp.world.get("graphs") is not self.graphs
            or interp.truncated
        ):
            return None
        allowed = (imports.modules, interp.stable_values)
        store = interp.graph.f
        # Objects of the imports this one runs inside (a package whose
        # __init__ imports it): kept only if they end kept, checked at reuse.
        since = imports.births[0] if imports.births else None
        pending: List[int] = []

        def stable(birth: int) -> bool:
            if birth >= born or _kept(birth):
                return True
            if since is not None and birth >= since:
                pending.append(birth)
                return True
            return False

        store_writes: Dict[str, Any] = {}
        writes: Dict[Tuple[int, Any], Tuple[JDict, Any, Any]] = {}
        for j, start in marks:
            for container, key, _old in j.entries[start:]:
                if any(container is a for a in allowed):
                    continue
                if container.born >= born:
                    if _kept(container.born):
                        # An object of an import nested in this one and kept
                        # on its own, written after that import ended (a
                        # submodule bound on its package): replayed, so the
                        # nested import reused alone is as it ended.
                        writes[(id(container), key)] = (container, key, container.data.get(key, MISSING))
                    continue
                if _binds_submodule(container, key):
                    continue
                if container is store and key in _STORE_KEYS:
                    # An unknown call at import time opened the graph's store
                    # (or the analysis lost it), on every path or on some.
                    value = store.data.get(key)
                    if self.store_before not in (True, False) or self.lost_before is not False:
                        return None
                    if value is True and key in _STORE_FLAGS or type(value) is Unknown:
                        store_writes[key] = value
                        continue
                    return None
                value = container.data.get(key, MISSING)
                if not (stable(container.born) and value is not MISSING and _timeless_or_kept(value, stable)):
                    return None
                writes[(id(container), key)] = (container, key, value)
        # An import that ran with the store open already: its effect on a
        # closed store is unseen, so it is reused only where the store is open.
        return list(writes.values()), (store_writes, self.store_before is True), pending


# The graph's store keys an unknown call (Graph.open_store) or a lost
# analysis (Graph.lose) writes at import time (engine/model.py): the flags
# become True, the others unknown.
_STORE_FLAGS = ("store_open", "lost")
_STORE_KEYS = _STORE_FLAGS + ("trainables", "globals")


# Births of the objects of every import kept in _IMPORTED, as sorted
# disjoint [start, end) ranges (starts in _KEPT_STARTS, ends in _KEPT_ENDS):
# objects made there are the same in every program of the process.
_KEPT_STARTS: List[int] = []
_KEPT_ENDS: List[int] = []


def _keep_births(start: int, end: int) -> None:
    """Add [start, end): an import that ran inside it may be kept already."""
    i = bisect.bisect_left(_KEPT_ENDS, start)  # ranges ending before `start` stay
    j = bisect.bisect_right(_KEPT_STARTS, end)  # ranges starting after `end` stay
    if i < j:
        start, end = min(start, _KEPT_STARTS[i]), max(end, _KEPT_ENDS[j - 1])
    _KEPT_STARTS[i:j] = [start]
    _KEPT_ENDS[i:j] = [end]


def _kept(birth: int) -> bool:
    i = bisect.bisect_right(_KEPT_STARTS, birth) - 1
    return i >= 0 and birth < _KEPT_ENDS[i]


def _timeless_or_kept(value: Any, stable: Callable[[int], bool], depth: int = 0) -> bool:
    """Is `value` the same in every program: a constant, an unknown, a
    reference to a library, or an object whose birth is `stable` (made by
    this import or a kept one)?"""
    if value is None or isinstance(value, (str, int, float, bool, bytes, SymStr, TFRef, ModuleRef, ProjectModule)):
        return True
    if type(value) in (Unknown, Plain):
        return True
    if isinstance(value, tuple) and depth < 3:
        return all(_timeless_or_kept(v, stable, depth + 1) for v in value)
    if isinstance(value, BoundMethod) and depth < 3:
        return _timeless_or_kept(value.func, stable, depth + 1) and _timeless_or_kept(
            value.self_value, stable, depth + 1
        )
    state = (
        value.attrs
        if isinstance(value, (Instance, ClassVal))
        else value.closure.env
        if isinstance(value, FuncVal)
        else value.f
        if isinstance(value, ListVal)
        else value.d
        if isinstance(value, DictVal)
        else None
    )
    return isinstance(state, JDict) and stable(state.born)


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
    writes: List[Tuple[JDict, Any, Any]] = field(default_factory=list)  # (container, key, value) into kept objects
    # What it left in the graph's store flags (store_open, lost: True or
    # unknown; trainables, globals: unknown), and whether it ran with the store open.
    store: Dict[str, Any] = field(default_factory=dict)
    needs_open_store: bool = False
    pending: List[int] = field(default_factory=list)  # births in the imports it ran inside: must be kept
    earlier: List[ProjectModule] = field(default_factory=list)  # modules it imported that were imported before it
    missing: List[str] = field(default_factory=list)  # names it imported that were not project modules
    unsure: List[str] = field(default_factory=list)  # modules it found imported on some paths only

    def fresh(self, reader: SourceReader) -> bool:
        """Every file it read is still the same (the reader answers from
        its cache while a file's size and time are unchanged)."""
        return all(reader(path) is src for path, src in self.files.items())


# (module name, its file, followed packages) -> the import, for this process; bounded.
_IMPORTED: Dict[Tuple[str, Optional[str], Tuple[str, ...]], _Imported] = {}
# Journals of programs whose writes are still to be undone.
_PENDING: List[Journal] = []


def _undo_previous_program() -> None:
    while _PENDING:
        _PENDING.pop().undo()
    if len(_IMPORTED) > MAX_KEPT_IMPORTS:
        forget_kept_imports()


def forget_kept_imports() -> None:
    """Forget every import kept for later programs (they run anew)."""
    _IMPORTED.clear()
    _KEPT_STARTS.clear()
    _KEPT_ENDS.clear()


__all__ = ["forget_kept_imports", "ProjectImports", "ProjectModule", "SourceModule", "SourceReader", "MAX_MODULES"]
