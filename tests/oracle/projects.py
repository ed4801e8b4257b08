"""The multi-module project corpus (tests/projects/) and its comparison with TF.

    projects = load_projects()
    results = {entry: oracle.run_project(p.root, entry) for entry in p.entries}
    cmp = compare_project(p, results, findings_rows, names_rows, given="tests/projects/x")
    assert cmp.ok, cmp.report()

The scopelint side is the CLI's JSON output, `scopelint --format json ROOT`
(findings: path, line, column, code, ...) and `scopelint --names --format
json ROOT` (names: path, line, column, name, action, api and maybe `entry`,
the entry script that reached the name). `given` is the ROOT as written on
the command line; row paths are it joined with the file's relative path.

Rules (TF's side is `harness.run_project`'s result for each entry script):

* **Bugs.** For every entry script where TF raised, some SCO1xx finding sits
  at a (file, line) of TF's traceback inside the project (``caught``).
* **False findings.** On a fixed twin or a correct project every finding is
  false; on a bug project, every SCO1xx finding on no frame of any TF error.
* **Names.** A TF location is (entry, innermost project frame, name,
  action). A scopelint row whose name has no `?` and whose action is known is
  *exact*. An exact row is right when TF made that name with that action at
  that (file, line) in the row's entry (any entry when the row has none, or
  names a script that is not an entry). A row that is not right is *wrong*,
  except when TF cannot judge it: it lies in a function whose body no entry
  ran, in a module no entry imported, under another module's `if __name__ ==
  "__main__":`, or every entry it may belong to raised (TF stopped early).
  ``exact_share`` = TF locations matched by a right exact row / all TF
  locations.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROJECTS_DIR = Path(__file__).resolve().parent.parent / "projects"
KINDS = ("bug", "fixed", "correct")
ERROR_CODE_PREFIX = "SCO1"
UNKNOWN_ACTIONS = ("unknown", "?")

_CLAIM = re.compile(r"(\w+)@([^:@]+:\d+(?:>[^:@>]+:\d+)*): (.+)", re.S)


@dataclass(frozen=True)
class Claim:
    """What a bug project's PROJECT.toml says TF raises when an entry script runs."""

    type: str
    frames: tuple  # ((path, line), ...) outermost first
    message: str  # the start of TF's message


@dataclass(frozen=True)
class Project:
    name: str
    root: Path
    kind: str
    entries: tuple
    summary: str = ""
    twin: Optional[str] = None
    tf: dict = field(default_factory=dict, compare=False, hash=False)  # entry -> Claim
    paths: tuple = ()  # extra import roots, relative to root

    def python_files(self) -> list:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.py")
                      if "__pycache__" not in p.parts)


def parse_claim(text: str) -> Claim:
    """``ValueError@train.py:14>pkg/nets.py:9: Variable ... already exists`` -> Claim."""
    m = _CLAIM.fullmatch(text.strip())
    if not m:
        raise ValueError(f"bad TF claim {text!r} (want TYPE@FILE:LINE>FILE:LINE: MESSAGE)")
    frames = tuple((p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1])) for p in m.group(2).split(">"))
    return Claim(m.group(1), frames, m.group(3))


def load_project(root: Path) -> Project:
    with open(root / "PROJECT.toml", "rb") as fh:
        meta = tomllib.load(fh)
    return Project(
        name=root.name,
        root=root,
        kind=meta.get("kind", ""),
        entries=tuple(meta.get("entries", ())),
        summary=meta.get("summary", ""),
        twin=meta.get("twin"),
        tf={entry: parse_claim(text) for entry, text in (meta.get("tf") or {}).items()},
        paths=tuple(meta.get("paths", ())),
    )


EXAMPLES_DIR = PROJECTS_DIR.parent.parent / "examples"


def load_projects(base: Path = PROJECTS_DIR) -> list:
    """The corpus, with the project examples in examples/ (their twins are here)."""
    dirs = sorted(base.iterdir())
    if base == PROJECTS_DIR:
        dirs += sorted(EXAMPLES_DIR.iterdir())
    return [load_project(d) for d in dirs if d.is_dir() and (d / "PROJECT.toml").is_file()]


# ---------------------------------------------------------------------------
# TF's side
# ---------------------------------------------------------------------------


def _get(result, key, default=None):
    """A field of a result: a harness dict or a client OracleResult (both have .get)."""
    value = result.get(key)
    return default if value is None else value


def tf_events(result) -> list:
    """Created and reused records of one entry's run, each with its "action"."""
    merged = [dict(e, action="create") for e in _get(result, "created", [])]
    merged += [dict(e, action="reuse") for e in _get(result, "reused", [])]
    merged.sort(key=lambda e: e.get("seq", 0))
    return merged


def tf_locations(results: dict) -> set:
    """{(entry, path, line, name, action)}: where TF made or reused each name."""
    out = set()
    for entry, result in results.items():
        for e in tf_events(result):
            if e.get("frames"):
                path, line = e["frames"][-1]
                out.add((entry, path, line, e["name"], e["action"]))
    return out


def tf_error(result) -> Optional[dict]:
    return _get(result, "error") if _get(result, "status") == "error" else None


# ---------------------------------------------------------------------------
# Code TF never ran
# ---------------------------------------------------------------------------


def _is_main_guard(node) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


@dataclass
class _FileMap:
    functions: list  # (def line, last line, def line)
    main_guard: list  # (first line, last line) of top-level `if __name__ == "__main__":`


def _file_map(path: Path) -> _FileMap:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = [
        (n.lineno, n.end_lineno, n.lineno)
        for n in ast.walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))  # the oracle's `entered` has no lambdas
    ]
    guards = [(n.lineno, n.end_lineno) for n in tree.body if _is_main_guard(n)]
    return _FileMap(functions, guards)


def _enclosing_def(fmap: _FileMap, line: int) -> Optional[int]:
    """The def line of the innermost function whose body holds `line` (not its decorators/def line)."""
    best = None
    for first, last, def_line in fmap.functions:
        if first < line <= last and (best is None or def_line > best):
            best = def_line
    return best


# ---------------------------------------------------------------------------
# The comparison
# ---------------------------------------------------------------------------


def relative_row_path(path: str, given: str, root: Optional[Path] = None) -> str:
    """A row's path relative to the project root (`given` as on the command line, or `root` absolute)."""
    path = path.replace("\\", "/")
    given = given.replace("\\", "/").rstrip("/")
    prefixes = [given + "/"] + ([str(root).replace("\\", "/").rstrip("/") + "/"] if root is not None else [])
    for prefix in prefixes:
        if path.startswith(prefix):
            return path[len(prefix):]
    if path.startswith("./"):
        return path[2:]
    return path


@dataclass
class ProjectComparison:
    project: Project
    caught: dict = field(default_factory=dict)  # bug entry -> bool
    error_frames: dict = field(default_factory=dict)  # bug entry -> [(path, line)]
    false_findings: list = field(default_factory=list)
    wrong_names: list = field(default_factory=list)
    unjudged_names: list = field(default_factory=list)
    tf_total: int = 0
    tf_exact: int = 0
    missed_names: list = field(default_factory=list)  # TF locations with no right exact row

    @property
    def bugs_caught(self) -> int:
        return sum(self.caught.values())

    @property
    def ok(self) -> bool:
        """Every bug caught, no false finding, no wrong exact name (the share is judged over all projects)."""
        return all(self.caught.values()) and not self.false_findings and not self.wrong_names

    def report(self) -> str:
        out = [f"{self.project.name} ({self.project.kind}): {self.project.summary}"]
        for entry, ok in self.caught.items():
            chain = ">".join(f"{p}:{l}" for p, l in self.error_frames[entry])
            out.append(f"  {'caught' if ok else 'MISSED'} bug of {entry}: TF raised at {chain}")
        for row in self.false_findings:
            message = str(row.get("message", ""))[:200]
            out.append(f"  false finding {row['path']}:{row['line']} {row.get('code')} {message}")
        for row, why in self.wrong_names:
            out.append(f"  wrong name {row['path']}:{row['line']} {row['action']} {row['name']}: {why}")
        out.append(f"  exact names: {self.tf_exact}/{self.tf_total}")
        for loc in self.missed_names[:20]:
            out.append(f"    not predicted exactly: [{loc[0]}] {loc[1]}:{loc[2]} {loc[4]} {loc[3]}")
        return "\n".join(out)


def compare_project(project: Project, results: dict, findings: list, names: list, given: str) -> ProjectComparison:
    """Judge scopelint's rows for one project by TF's results per entry script (see module doc)."""
    cmp = ProjectComparison(project)
    entries = tuple(results)
    raised = {entry for entry, r in results.items() if tf_error(r) is not None}

    # Bugs and false findings.
    error_locations = set()
    for entry in entries:
        error = tf_error(results[entry])
        if error is not None:
            frames = [tuple(f) for f in error.get("frames") or []]
            cmp.error_frames[entry] = frames
            error_locations.update(frames)
            cmp.caught[entry] = False
    for row in findings:
        where = (relative_row_path(row["path"], given, project.root), row["line"])
        hit = False
        for entry, frames in cmp.error_frames.items():
            if str(row.get("code", "")).startswith(ERROR_CODE_PREFIX) and where in frames:
                cmp.caught[entry] = hit = True
        warning = not str(row.get("code", "")).startswith(ERROR_CODE_PREFIX)
        # A bug project's warnings (SCO2xx: TF silently does something else)
        # are judged by the rules' own TF tests, not by its traceback.
        if not hit and not (project.kind == "bug" and (where in error_locations or warning)):
            cmp.false_findings.append(dict(row, path=where[0]))

    # Names.
    locations = tf_locations(results)
    by_place: dict = {}
    for loc in locations:
        by_place.setdefault((loc[0], loc[1], loc[2]), set()).add((loc[3], loc[4]))
    entered = set()
    imported = set(entries)
    for result in results.values():
        entered.update((p, l) for p, l in _get(result, "entered", []))
        imported.update(p for _, p in _get(result, "modules", []))
    maps: dict = {}

    def never_ran(path: str, line: int) -> bool:
        if path not in imported:
            return True
        if path not in maps:
            file = project.root / path
            maps[path] = _file_map(file) if file.is_file() else _FileMap([], [])
        fmap = maps[path]
        if path not in entries and any(a <= line <= b for a, b in fmap.main_guard):
            return True
        def_line = _enclosing_def(fmap, line)
        return def_line is not None and (path, def_line) not in entered

    matched = set()
    for row in names:
        name, action = row["name"], row.get("action")
        if "?" in name or action in UNKNOWN_ACTIONS:
            continue
        path, line = relative_row_path(row["path"], given, project.root), row["line"]
        row_entry = relative_row_path(str(row["entry"]), given, project.root) if row.get("entry") else None
        candidates = (row_entry,) if row_entry in entries else entries
        hits = [e for e in candidates if (name, action) in by_place.get((e, path, line), ())]
        if hits:
            matched.update((e, path, line, name, action) for e in hits)
            continue
        if never_ran(path, line) or all(e in raised for e in candidates):
            cmp.unjudged_names.append(dict(row, path=path))
            continue
        seen = sorted({f"{a} {n}" for e in candidates for n, a in by_place.get((e, path, line), ())})
        cmp.wrong_names.append((dict(row, path=path), f"TF: {', '.join(seen) or 'no variable made or reused there'}"))
    cmp.tf_total = len(locations)
    cmp.tf_exact = len(locations & matched)
    cmp.missed_names = sorted(locations - matched)
    return cmp


def rows_from_tf(project: Project, results: dict, given: str) -> tuple:
    """(findings, names) rows a perfect scopelint would print: TF's own record as CLI rows.

    Each bug is reported at the entry script's line of TF's traceback (where
    the chains of the failing call and the first one part, in these projects).
    """
    findings, names = [], []
    for entry, result in results.items():
        error = tf_error(result)
        if error is not None and error.get("frames"):
            path, line = error["frames"][0]
            findings.append({"path": f"{given}/{path}", "line": line, "column": 1, "code": "SCO101",
                             "message": error["message"][:200]})
        for e in tf_events(result):
            if e.get("frames"):
                path, line = e["frames"][-1]
                names.append({"path": f"{given}/{path}", "line": line, "column": 1, "name": e["name"],
                              "action": e["action"], "api": e.get("api") or "get_variable",
                              "entry": f"{given}/{entry}"})
    return findings, names


def summary_table(comparisons: list) -> str:
    """One line per project and a total: caught bugs, false findings, wrong names, exact-name share."""
    lines = [f"{'project':34} {'kind':8} {'bugs':>6} {'false':>6} {'wrong':>6} {'exact names':>12}"]
    bugs = caught = false = wrong = total = exact = 0
    for c in comparisons:
        n_bugs = len(c.caught)
        bugs += n_bugs
        caught += c.bugs_caught
        false += len(c.false_findings)
        wrong += len(c.wrong_names)
        total += c.tf_total
        exact += c.tf_exact
        lines.append(
            f"{c.project.name:34} {c.project.kind:8} {f'{c.bugs_caught}/{n_bugs}' if n_bugs else '-':>6} "
            f"{len(c.false_findings):>6} {len(c.wrong_names):>6} {f'{c.tf_exact}/{c.tf_total}':>12}"
        )
    share = exact / total if total else 1.0
    lines.append(f"{'TOTAL':34} {'':8} {f'{caught}/{bugs}':>6} {false:>6} {wrong:>6} "
                 f"{f'{exact}/{total}':>12} ({share:.1%} exact)")
    return "\n".join(lines)


def exact_share(comparisons: list) -> float:
    total = sum(c.tf_total for c in comparisons)
    return sum(c.tf_exact for c in comparisons) / total if total else 1.0
