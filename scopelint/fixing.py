"""Automatic fixes: plan them from the analysis, check them, apply them.

Each rule with a fix yields `rules._fixes.Proposal`s (libcst node
replacements, so comments and formatting elsewhere stay as they were). A
proposal becomes a `Fix` only if it matches a finding the caller passed
(code and line; pass the findings of this one file), its result parses,
and linting the result agrees: its own finding is gone, a fix for a silent
bug (SCO2xx) adds no error (SCO1xx), a fix for an error does not trade it
for another error at the same line (unless that one is fixed in turn), and
the variable it was about raises nowhere afterwards. The fixes use the
file's own analysis (not the project modules it imports). Percent-format
`# %%` files are fixed as they are; notebooks (`.ipynb`) as the
percent-format program of their code cells (scopelint.notebook_fix).
"""

from __future__ import annotations

import difflib
import io
import os
import tempfile
import tokenize
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import libcst as cst

from scopelint.engine.analysis import Analysis, analyze_module
from scopelint.engine.events import ERROR_OUTCOMES
from scopelint.linter import _call_with_deep_stack, _quietly, lint_source
from scopelint.noqa import NOQA_INLINE
from scopelint.notebooks import percent_cells, statement_ranges
from scopelint.parse import parse_module
from scopelint.results import Finding
from scopelint.rules import ALL_RULES
from scopelint.rules._fixes import SAFE, code_of
from scopelint.source import python_syntax_problem

# Rounds of fix-then-lint-again (a fixed error unmasks the next one TF would hit).
MAX_ROUNDS = 10
# How many errors in a row one line may go through, each fixed in turn.
_MAX_CHAIN = 3


@dataclass(frozen=True)
class Fix:
    code: str  # rule code, e.g. "SCO203"
    line: int  # 1-based line of the finding it fixes
    title: str
    safety: str  # "safe" or "unsafe"
    note: str  # what changes, for unsafe fixes
    new_source: str  # the whole file after applying this one fix


@dataclass
class _Planned:
    fix: Fix
    edits: tuple  # ((old node, new node), ...)


class _Replace(cst.CSTTransformer):
    def __init__(self, edits: Dict[int, Any]):
        super().__init__()
        self.edits = edits

    def on_leave(self, original_node: Any, updated_node: Any) -> Any:
        return self.edits.get(id(original_node), updated_node)


def _apply(module: cst.Module, edits: Sequence[Tuple[Any, Any]]) -> str:
    return module.visit(_Replace({id(old): new for old, new in edits})).code


def _lint(source: str) -> List[Finding]:
    """The file alone (no project imports), as the fixes' analysis sees it."""
    return lint_source(source, "<fix>", follow_imports=False).findings


def _analyse(source: str) -> Optional[Analysis]:
    if python_syntax_problem(source) is not None:
        return None
    try:
        module = parse_module(source)
    except Exception:  # libcst refuses what CPython accepts: no fix
        return None
    cells = percent_cells(source) if "%%" in source else None
    ranges = statement_ranges(module, source, cells) if cells else None
    analysis = analyze_module(module, None, cells=ranges)
    analysis.source_text = source
    return analysis


def _is_error(code: str) -> bool:
    return code.startswith("SCO1")


def old_lines(old: str, new: str) -> Dict[int, int]:
    """Each 1-based line of `new` -> the line of `old` it comes from: an
    unchanged line its own, a line of an edited block the block's line in the
    same place (or its last); lines only inserted are absent."""
    out: Dict[int, int] = {}
    a, b = old.splitlines(), new.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("equal", "replace"):
            for k in range(j2 - j1):
                out[j1 + k + 1] = min(i1 + k, i2 - 1) + 1
    return out


def _check(
    source: str, new: str, code: str, line: int, before: List[Finding], unsafe: bool, depth: int, key: Any = None
) -> bool:
    """The fixed text parses, its finding is gone, a silent-bug fix adds no
    error, an error's fix does not trade it for another error at the same
    line unless that one has a fix too (reuse=False, then shape=), and the
    variable it was about (`key`) raises nowhere afterwards."""
    if new == source or python_syntax_problem(new) is not None:
        return False
    after = _lint(new)
    if any(f.code == "SCO901" for f in after):
        return False
    lines = old_lines(source, new)  # compared on the old text's lines (a fix may insert one)
    if sum(1 for f in after if (f.code, lines.get(f.line, 0)) == (code, line)) >= sum(
        1 for f in before if (f.code, f.line) == (code, line)
    ):
        return False
    old_errors = {(f.code, f.line) for f in before if _is_error(f.code)}
    for f in after:
        if _is_error(f.code) and (f.code, lines.get(f.line, 0)) not in old_errors:
            # A silent bug's fix must not make TF raise; an error's fix must not
            # trade it for another error at the same line (a later one it unmasks is fine).
            if not _is_error(code):
                return False
            if lines.get(f.line, 0) == line and (depth >= _MAX_CHAIN or not _plan(new, [f], unsafe, depth + 1)[1]):
                return False
    if isinstance(key, str):
        analysis = _call_with_deep_stack(_quietly, _analyse, new)
        if analysis is None or any(
            ev.key == key and ev.outcome in ERROR_OUTCOMES and ev.certain and not ev.caught for ev in analysis.events
        ):
            return False
    return True


def _plan(
    source: str, findings: Sequence[Finding], unsafe: bool, depth: int = 0
) -> Tuple[Optional[cst.Module], List[_Planned]]:
    wanted = {(f.code, f.line) for f in findings if f.cell is None}
    if not wanted:
        return None, []
    analysis = _call_with_deep_stack(_quietly, _analyse, source)
    if analysis is None:
        return None, []
    before = _lint(source)
    out: List[_Planned] = []
    seen = set()
    for rule in ALL_RULES:
        if rule.fix is None:
            continue
        for p in _call_with_deep_stack(_quietly, lambda r=rule: list(r.fix(analysis))):
            if p.safety != SAFE and not unsafe:
                continue
            nodes = [p.at] + [old for old, _new in p.edits]
            if any(analysis.file_of(n) is not None for n in nodes):
                continue
            line = analysis.line(p.at)
            if (rule.code, line) not in wanted:
                continue
            new = _apply(analysis.module, p.edits)
            if (rule.code, line, new) in seen or not _check(source, new, rule.code, line, before, unsafe, depth, p.key):
                continue
            seen.add((rule.code, line, new))
            out.append(_Planned(Fix(rule.code, line, p.title, p.safety, p.note, new), p.edits))
    return analysis.module, out


def plan_fixes(source: str, findings: Sequence[Finding], *, unsafe: bool) -> List[Fix]:
    """The fixes for `findings` (of this one file), each applied alone."""
    return [p.fix for p in _plan(source, findings, unsafe)[1]]


def _subtree_ids(node: Any) -> set:
    ids = set()

    class _All(cst.CSTVisitor):
        def on_visit(self, n: Any) -> bool:
            ids.add(id(n))
            return True

    node.visit(_All())
    return ids


def apply_fixes(source: str, findings: Sequence[Finding], *, unsafe: bool) -> Tuple[str, List[Fix]]:
    """All fixes that do not overlap, applied at once: (new text, the fixes applied).
    Fixes whose edits touch the same node are kept only if they make the very
    same edit, and a fix is added only if the text with it has no error that
    neither the fixes chosen so far nor the fix alone lead to (two fixes
    that are right alone may clash)."""
    module, planned = _plan(source, findings, unsafe)
    if module is None or not planned:
        return source, []
    chosen: List[_Planned] = []
    edits: Dict[int, Tuple[Any, str]] = {}  # id(old) -> (new node, its code)
    text, errors = source, _errors_in(source, source)
    for p in planned:
        mine = {id(old): (new, code_of(new)) for old, new in p.edits}
        if not all(k in edits and edits[k][1] == v[1] for k, v in mine.items()):
            inside = set().union(*(_subtree_ids(old) for old, _new in p.edits))
            if any(k in inside for k in edits) or any(k in _subtree_ids_of(module, edits) for k in mine):
                continue  # overlaps another edit: the next round gets it
        trial = dict(edits)
        trial.update({k: v for k, v in mine.items() if k not in trial})
        new_text = module.visit(_Replace({k: v[0] for k, v in trial.items()})).code
        if python_syntax_problem(new_text) is not None:
            continue
        new_errors = _errors_in(source, new_text)
        if not new_errors <= errors | _errors_in(source, p.fix.new_source):
            continue
        edits, text, errors = trial, new_text, new_errors
        chosen.append(p)
    return text, [p.fix for p in chosen]


def _errors_in(source: str, text: str) -> set:
    """The errors of `text` (`source` with fixes applied), on `source`'s lines."""
    lines = old_lines(source, text) if text != source else None
    return {(f.code, f.line if lines is None else lines.get(f.line, 0)) for f in _lint(text) if _is_error(f.code)}


def _subtree_ids_of(module: cst.Module, edits: Dict[int, Any]) -> set:
    """Ids of every node inside the nodes `edits` replace."""
    found: set = set()

    class _Edited(cst.CSTVisitor):
        def on_visit(self, node: Any) -> bool:
            if id(node) in edits:
                found.update(_subtree_ids(node))
                return False
            return True

    module.visit(_Edited())
    return found


def fix_until_stable(source: str, lint: Callable[[str], Sequence[Finding]], *, unsafe: bool) -> Tuple[str, List[Fix]]:
    """Fix, lint again, fix what that reveals, until nothing more is fixed."""
    applied: List[Fix] = []
    text = source
    for _ in range(MAX_ROUNDS):
        new, fixes = apply_fixes(text, lint(text), unsafe=unsafe)
        if not fixes or new == text:
            break
        applied.extend(fixes)
        text = new
    return text, applied


# --- noqa --------------------------------------------------------------------


def _comment_lines(source: str) -> set:
    """Lines whose end is outside any string and not continued by a backslash (a comment may go there)."""
    ok = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT):
                ok.add(tok.start[0])
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return set()
    return ok


def add_noqa(source: str, findings: Sequence[Finding]) -> str:
    """`# noqa: SCOnnn` on each reported line (an existing `# noqa: ...` is
    extended; a blanket `# noqa` already covers everything). Lines that end
    inside a string cannot take a comment and are left alone."""
    codes: Dict[int, List[str]] = {}
    for f in findings:
        if f.cell is None and f.code != "SCO901":
            codes.setdefault(f.line, [])
            if f.code not in codes[f.line]:
                codes[f.line].append(f.code)
    if not codes:
        return source
    allowed = _comment_lines(source)
    lines = source.splitlines(keepends=True)
    for number, wanted in sorted(codes.items()):
        if number not in allowed or number > len(lines):
            continue
        raw = lines[number - 1]
        body = raw.rstrip("\r\n")
        end = raw[len(body) :]
        match = NOQA_INLINE.search(body)
        if match is None:
            body = f"{body.rstrip()}  # noqa: {', '.join(sorted(wanted))}"
        elif match.group("codes") is None:
            continue  # a blanket noqa
        else:
            have = [c for c in match.group("codes").replace(",", " ").split() if c]
            extra = [c for c in sorted(wanted) if not c.startswith(tuple(have))]
            if not extra:
                continue
            body = body[: match.start()] + "# noqa: " + ", ".join(have + extra) + body[match.end() :]
        lines[number - 1] = body + end
    return "".join(lines)


# --- files -------------------------------------------------------------------


def unified_diff(path: str, old: str, new: str) -> str:
    """The change as `diff -u` prints it (a last line without a newline is
    marked, as `patch` and `git apply` expect)."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=path, tofile=path, n=3
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def write_atomic(path: str, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same directory
    and `os.replace`, keeping the file's mode bits: a reader sees the old or
    the new content, never a mix."""
    directory = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".scopelint-tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
