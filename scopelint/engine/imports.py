"""Import statements: what `import x` and `from x import y` bind.

TensorFlow and tf_slim become references to modelled APIs (TFRef), other
libraries opaque modules (ModuleRef), and the project's own modules run at
their first import through project_modules. Mixed into the Interpreter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import libcst as cst

from scopelint.engine.frame import Frame, RaiseSignal, Signal
from scopelint.engine.objects import ListVal, ModuleRef, TFRef
from scopelint.engine.project_modules import ProjectImports, ProjectModule
from scopelint.engine.values import MISSING, Unknown


class ImportRunner:
    """exec_import / exec_import_from and the project's modules."""

    if TYPE_CHECKING:  # provided by the Interpreter
        imports: Optional[ProjectImports]

        def assign(self, target: Any, value: Any, frame: Frame) -> None: ...

        def assign_name(self, name: str, value: Any, frame: Frame) -> None: ...

        def exec_block(self, body: Any, frame: Frame) -> None: ...

    def exec_import(self, stmt: cst.Import, frame: Frame) -> None:
        for alias in stmt.names:
            dotted = _dotted(alias.name)
            top = dotted.split(".")[0]
            loaded = self.load_project_module(dotted)
            if loaded is not None and self.imports is not None:
                if alias.asname is not None:
                    self.assign(alias.asname.name, loaded, frame)
                else:
                    top_module = self.imports.modules.get(top)
                    # `import tf_slim.nets.vgg` with only tf_slim.nets followed: tf_slim stays modelled
                    self.assign_name(top, top_module if top_module is not None else module_value(top), frame)
                continue
            if alias.asname is not None:
                self.assign(alias.asname.name, module_value(dotted), frame)
            else:
                self.assign_name(top, module_value(top), frame)

    def exec_import_from(self, stmt: cst.ImportFrom, frame: Frame) -> None:
        module_name = _dotted(stmt.module) if stmt.module is not None else None
        level = len(stmt.relative)
        base = module_name
        if level:
            base = self.project_name_of_relative(frame, level, module_name)
        project = self.load_project_module(base) if base else None
        if isinstance(stmt.names, cst.ImportStar):
            if project is not None:
                for name, value in _public_names(project):
                    self.assign_name(name, value, frame)
            return
        for alias in stmt.names:
            name = _dotted(alias.name)
            asname = alias.asname.name if alias.asname is not None else None
            target = asname.value if isinstance(asname, cst.Name) else name.split(".")[0]
            if project is not None:
                value = project.env.get(name, MISSING)
                if isinstance(value, ProjectModule) and self.imports is not None:
                    self.imports.found(value)  # bound on its package: imported already
                if value is MISSING:
                    sub = self.load_project_module(f"{base}.{name}")
                    value = sub if sub is not None else Unknown()
            elif level:
                value = ModuleRef(f".{name}")
            else:
                value = module_value(f"{module_name}.{name}")
            self.assign_name(target, value, frame)

    # ---------------------------------------------------------------- the project's modules

    def load_project_module(self, name: Optional[str]) -> Optional[ProjectModule]:
        """The project module `name`, run at its first import; None when it
        is not one (TF, numpy, a file scopelint cannot read)."""
        if self.imports is None or not name:
            return None
        if name.split(".")[0] in ("tensorflow", "tf_slim") and not self.imports.followed(name):
            return None  # modelled, not read
        return self.imports.load(self, name, _module_frame_for)

    def project_name_of_relative(self, frame: Frame, level: int, module_name: Optional[str]) -> Optional[str]:
        if self.imports is None:
            return None
        owner = frame.globals_frame.module
        if owner is not None:
            return self.imports.absolute(owner.name, owner.spec.is_package, level, module_name)
        return self.imports.absolute(self.imports.entry_name, False, level, module_name)

    def run_imported_module(self, module: ProjectModule) -> None:
        """A project module's top-level code, at its first import. A certain
        TF error there ends the importing program too (RaiseSignal)."""
        assert module.source is not None
        try:
            self.exec_block(module.source.tree.body, module.frame)
        except RaiseSignal:
            raise
        except Signal:
            pass


def _module_frame_for(module: ProjectModule) -> Frame:
    frame = Frame(None)
    frame.module = module
    frame.env["__name__"] = module.name
    return frame


def _public_names(module: ProjectModule) -> list:
    """What `from module import *` binds: `__all__` when it is a known list
    of names, else every name not starting with `_`."""
    env = module.env
    names = env.get("__all__")
    items = names.items if isinstance(names, ListVal) else names if isinstance(names, tuple) else None
    if items is not None and all(isinstance(n, str) for n in items):
        return [(n, env.get(n, Unknown())) for n in items]
    return [(k, v) for k, v in env.items() if isinstance(k, str) and not k.startswith("_")]


def _dotted(node: Any) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return "?"


def module_value(dotted: str) -> Any:
    if (
        dotted == "tensorflow"
        or dotted.startswith("tensorflow.")
        or dotted == "tf_slim"
        or dotted.startswith("tf_slim.")
    ):
        return TFRef(dotted)
    return ModuleRef(dotted)
