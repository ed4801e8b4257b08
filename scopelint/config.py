"""`[tool.scopelint]` in pyproject.toml, rule selection, and the merged settings.

Selection follows flake8/ruff: a selector is a rule code, a code prefix
(`SCO1`) or a rule name. For each code the longest matching selector wins;
on a tie between select and ignore, ignore wins. The default selection is
every rule that is not opt-in, less specific than any selector; an explicit
prefix (`--select SCO`) also turns opt-in rules on.
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from scopelint.rules import ALL_RULES, get_rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on old Pythons only
    import tomli as tomllib

DEFAULT_EXCLUDE: Tuple[str, ...] = (
    ".git",
    ".hg",
    ".svn",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    "__pycache__",
    "build",
    "dist",
    "site-packages",
    "node_modules",
)

_LIST_KEYS = (
    "select",
    "ignore",
    "extend-select",
    "extend-ignore",
    "exclude",
    "extend-exclude",
    "include",
    "extend-include",
    "src",
    "follow",
)
# Files a directory walk lints (ruff's default has notebooks too).
DEFAULT_INCLUDE: Tuple[str, ...] = ("*.py", "*.ipynb")
_KNOWN_KEYS = _LIST_KEYS + ("per-file-ignores", "respect-gitignore", "checkpoint", "format", "jobs", "cache-dir")
# The output formats `format` accepts (scopelint.formatters.FORMATS; not
# imported, so that reading configuration does not load the formatters).
FORMAT_NAMES = ("text", "concise", "json", "sarif", "github", "gitlab", "junit")


class ConfigError(Exception):
    """A user error in configuration or options (exit code 2)."""


@dataclass(frozen=True)
class FileConfig:
    """The validated `[tool.scopelint]` table; `None` means "not set"."""

    path: Optional[str] = None
    values: Dict[str, object] = field(default_factory=dict)

    def get(self, key: str, default=None):
        return self.values.get(key, default)

    @property
    def root(self) -> Optional[str]:
        return os.path.dirname(os.path.abspath(self.path)) if self.path else None


def _load_toml(path: str) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def find_config(start_dirs: Sequence[str]) -> Optional[str]:
    """The nearest pyproject.toml with a [tool.scopelint] table above the
    common ancestor of `start_dirs` (pyproject files without it are passed)."""
    dirs = [os.path.abspath(d) for d in start_dirs] or [os.getcwd()]
    try:
        current = os.path.commonpath(dirs)
    except ValueError:  # different drives on Windows
        current = dirs[0]
    while True:
        candidate = os.path.join(current, "pyproject.toml")
        if os.path.isfile(candidate):
            data = _load_toml(candidate)
            tool = data.get("tool")
            if isinstance(tool, dict) and "scopelint" in tool:
                return candidate
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _str_list(where: str, key: str, value) -> Tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings, got {type(value).__name__}: {value!r}")
    return tuple(value)


def _unknown_key(where: str, key: str) -> ConfigError:
    close = difflib.get_close_matches(key, _KNOWN_KEYS, n=1)
    hint = f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(_KNOWN_KEYS)}"
    return ConfigError(f"{where}: unknown key '{key}'; {hint}")


def load_config(path: str, *, explicit: bool = False) -> FileConfig:
    """The [tool.scopelint] table of `path`. `explicit`: the file was named
    with --config, so a missing table is an error, not an empty configuration."""
    data = _load_toml(path)
    tool = data.get("tool")
    table = tool.get("scopelint") if isinstance(tool, dict) else None
    where = f"{path}: [tool.scopelint]"
    if table is None:
        if explicit:
            raise ConfigError(f"{path} has no [tool.scopelint] table (scopelint's settings go there)")
        return FileConfig(path, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    values: Dict[str, object] = {}
    for key, value in table.items():
        if key not in _KNOWN_KEYS:
            raise _unknown_key(where, key)
        if key in _LIST_KEYS:
            values[key] = _str_list(where, key, value)
        elif key == "respect-gitignore":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: 'respect-gitignore' must be true or false, got {value!r}")
            values[key] = value
        elif key == "checkpoint":  # read by scopelint.checkpoint_compare
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}: 'checkpoint' must be a path, got {value!r}")
            values[key] = value
        elif key == "format":
            if value not in FORMAT_NAMES:
                raise ConfigError(f"{where}: 'format' must be one of {', '.join(FORMAT_NAMES)}, got {value!r}")
            values[key] = value
        elif key == "jobs":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(f"{where}: 'jobs' must be a number of processes (0: one per CPU), got {value!r}")
            values[key] = value
        elif key == "cache-dir":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}: 'cache-dir' must be a directory name, got {value!r}")
            values[key] = value
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'per-file-ignores' must be a table of glob = [codes], got {value!r}")
            values[key] = tuple(
                (glob, _str_list(where, f"per-file-ignores.{glob}", codes)) for glob, codes in value.items()
            )
    return FileConfig(path, values)


# --- rule selection -------------------------------------------------------


def _normalize_selector(selector: str, where: str) -> str:
    """A code prefix for `selector`; ConfigError if it matches no rule."""
    text = selector.strip()
    rule = get_rule(text)
    if rule is not None:
        return rule.code
    prefix = text.upper()
    if prefix and any(r.code.startswith(prefix) for r in ALL_RULES):
        return prefix
    raise ConfigError(f"{where}: unknown rule selector '{selector}' (see `scopelint rules`)")


def normalize_selectors(selectors: Iterable[str], where: str) -> Tuple[str, ...]:
    return tuple(_normalize_selector(s, where) for s in selectors if s.strip())


def _longest(code: str, prefixes: Sequence[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@dataclass(frozen=True)
class Selection:
    """Which rule codes are reported (before per-file ignores and noqa)."""

    enabled: frozenset

    @classmethod
    def build(cls, select: Optional[Sequence[str]], extend_select: Sequence[str], ignore: Sequence[str]):
        on = set()
        for rule in ALL_RULES:
            if select is None:
                # The default selection is the least specific selector of all.
                s = -1 if rule.opt_in else 0
            else:
                s = _longest(rule.code, select)
            s = max(s, _longest(rule.code, extend_select))
            if s >= 0 and s > _longest(rule.code, ignore):
                on.add(rule.code)
        return cls(frozenset(on))

    def __contains__(self, code: str) -> bool:
        return code in self.enabled


def codes_matching(prefixes: Sequence[str]) -> frozenset:
    return frozenset(r.code for r in ALL_RULES if r.code.startswith(tuple(prefixes)))


@dataclass(frozen=True)
class Settings:
    """Everything the CLI decided, merged from pyproject.toml and options."""

    root: str  # patterns and per-file-ignores are relative to this
    selection: Selection
    exclude: Tuple[str, ...]
    per_file_ignores: Tuple[Tuple[str, frozenset], ...]
    respect_gitignore: bool
    config_path: Optional[str] = None
    include: Tuple[str, ...] = DEFAULT_INCLUDE  # file-name globs a directory walk lints


def build_settings(
    file_config: FileConfig,
    *,
    select: Optional[List[str]] = None,
    extend_select: Optional[List[str]] = None,
    ignore: Optional[List[str]] = None,
    extend_ignore: Optional[List[str]] = None,
    exclude: Optional[List[str]] = None,
    extend_exclude: Optional[List[str]] = None,
    respect_gitignore: Optional[bool] = None,
    cwd: Optional[str] = None,
) -> Settings:
    """CLI values (None = not given) override the file's; extend-* add up."""
    cfg_where = f"{file_config.path}: [tool.scopelint]" if file_config.path else "configuration"

    def norm(values, key, cli):
        where = f"--{key}" if cli else f"{cfg_where} '{key}'"
        return normalize_selectors(values, where)

    cfg_select = file_config.get("select")
    cfg_extend = norm(file_config.get("extend-select", ()), "extend-select", False)
    if select is not None:
        # A select given on the command line starts the selection afresh.
        chosen: Optional[Tuple[str, ...]] = norm(select, "select", True)
        extend = ()
    else:
        chosen = norm(cfg_select, "select", False) if cfg_select is not None else None
        extend = cfg_extend
    extend += norm(extend_select or (), "extend-select", True)
    if ignore is not None:
        ignores = norm(ignore, "ignore", True)
    else:
        ignores = norm(file_config.get("ignore", ()), "ignore", False)
    ignores += norm(file_config.get("extend-ignore", ()), "extend-ignore", False)
    ignores += norm(extend_ignore or (), "extend-ignore", True)

    excl = tuple(exclude) if exclude is not None else tuple(file_config.get("exclude", DEFAULT_EXCLUDE))
    excl += tuple(file_config.get("extend-exclude", ())) + tuple(extend_exclude or ())

    pfi = tuple(
        (glob, codes_matching(norm(codes, f"per-file-ignores.{glob}", False)))
        for glob, codes in file_config.get("per-file-ignores", ())
    )
    gitignore = respect_gitignore if respect_gitignore is not None else file_config.get("respect-gitignore", True)
    root = file_config.root or cwd or os.getcwd()
    return Settings(
        root=root,
        selection=Selection.build(chosen, extend, ignores),
        exclude=excl,
        per_file_ignores=pfi,
        respect_gitignore=bool(gitignore),
        config_path=file_config.path,
        include=tuple(file_config.get("include", DEFAULT_INCLUDE)) + tuple(file_config.get("extend-include", ())),
    )
