"""Compare scopelint's predictions for one program with what TensorFlow did.

    cmp = compare(oracle.run(source), scopelint.lint_source(source, "p.py", names=True), source=source)
    assert cmp.ok, cmp.report()

Rules (the oracle side is `harness.run_program`'s result; the scopelint side
is a `LintResult` with `names` and `findings`):

* **Names.** Every variable TF created or reused must be matched by a
  scopelint `NameRecord` with the same action ("create"/"reuse"), the same
  line (the innermost program line of the call, oracle `lines[-1]`) and the
  same name; a `?` in scopelint's name is a wildcard for any text, and an
  action "unknown" (or "?") matches either action (both count as unknown
  predictions, never as disagreements). Matching follows
  execution order where both sides agree on it (a longest-common-subsequence
  alignment), and falls back to matching per line otherwise. A scopelint
  record that matches nothing is a disagreement, except that once TF raised
  (or the program exited) the records after the last matched one cannot be
  judged and are only counted (`unjudged`).
* **Code TF never ran.** scopelint analyses a function that the module never
  calls on its own, from an unknown caller, and may report names and
  findings for it (what any call would do). TF cannot judge those: a record
  or SCO1xx finding on a line inside the body of a function whose body TF
  never entered (the oracle's ``entered``; needs `source`), or a record whose
  call chain passes through such a body, is not a disagreement, only counted
  (`not_run`, also in `unjudged`).
* **Errors** (SCO1xx findings only). When TF raised, at least one SCO1xx
  finding must sit on a line of the error's line chain and contain the first
  sentence of TF's message; when TF ran cleanly there must be none. Any
  SCO1xx finding that matches no TF error is a disagreement.

A timeout or a worker crash on the oracle side leaves the program unjudged
(`judged` False, `ok` False).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

ERROR_CODE_PREFIX = "SCO1"
UNKNOWN_ACTIONS = ("unknown", "?")  # scopelint could not tell create from reuse
_DP_LIMIT = 4_000_000  # oracle events x scopelint records beyond which alignment is greedy


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def first_sentence(message: str) -> str:
    """TF's message up to and including the first period that ends a sentence.

    A period inside a name (`Variable net.v1/w already exists, ...`) does not
    end the sentence; one followed by whitespace or the end of the text does.
    Without such a period the first line is the sentence.
    """
    message = (message or "").strip()
    match = re.match(r"(.*?\.)(?:\s|$)", message, re.S)
    if match:
        return match.group(1)
    return message.split("\n", 1)[0]


_PATTERN_CACHE: dict = {}


def name_matches(predicted: str, actual: str) -> bool:
    """`predicted` equals `actual`, each `?` in it standing for any text."""
    if "?" not in predicted:
        return predicted == actual
    regex = _PATTERN_CACHE.get(predicted)
    if regex is None:
        regex = re.compile(".*?".join(re.escape(part) for part in predicted.split("?")), re.S)
        _PATTERN_CACHE[predicted] = regex
    return regex.fullmatch(actual) is not None


def contains_with_wildcards(text: str, sentence: str) -> bool:
    """Some substring of `text` equals `sentence`, a `?` in `text` standing for any text.

    The substring must begin and end with literal characters (a quote of TF's
    text starts with its first word and ends with its period), so a lone `?`
    does not match everything.
    """
    if sentence in text:
        return True
    if "?" not in text or not sentence:
        return False
    n = len(sentence)
    # row[i]: sentence[:i] is matched by a substring of text ending at the current position.
    row = [True] + [False] * n
    for ch in text:
        new = [True] + [False] * n
        if ch == "?":
            seen = False
            for i in range(1, n + 1):  # never from state 0: the quote starts with a literal
                seen = seen or row[i]
                new[i] = seen
        else:
            for i in range(1, n + 1):
                new[i] = row[i - 1] and sentence[i - 1] == ch
            if new[n]:
                return True
        row = new
    return False


def action_matches(predicted: str, actual: str) -> bool:
    return predicted == actual or predicted in UNKNOWN_ACTIONS


def _is_unknown(record) -> bool:
    return "?" in record.name or record.action in UNKNOWN_ACTIONS


def _chain(lines) -> str:
    return "\u2192".join(str(n) for n in lines) if lines else "?"


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _oracle_parts(oracle_result) -> tuple:
    """(status, events in execution order, error, exit) from an OracleResult or a plain dict."""
    raw = _get(oracle_result, "raw") or {}
    created = _get(oracle_result, "created") or raw.get("created") or []
    reused = _get(oracle_result, "reused") or raw.get("reused") or []
    error = _get(oracle_result, "error") or raw.get("error")
    exit_ = _get(oracle_result, "exit") or raw.get("exit")
    status = _get(oracle_result, "status") or raw.get("status") or ("error" if error else "ok")
    events = []
    for action, records in (("create", created), ("reuse", reused)):
        for index, record in enumerate(records):
            event = dict(record, action=action)
            if not event.get("lines") and event.get("line") is not None:
                event["lines"] = [event["line"]]
            event.setdefault("lines", [])
            event.setdefault("_order", (event.get("seq", index), 0 if action == "create" else 1))
            events.append(event)
    if all("seq" in e for e in events):
        events.sort(key=lambda e: e["seq"])
    else:  # hand-made results without `seq`: creations, then reuses
        events.sort(key=lambda e: (e["_order"][1], e["_order"][0]))
    for e in events:
        e.pop("_order", None)
    return status, events, error, exit_


def _never_run(source: Optional[str], entered) -> Callable[[int], bool]:
    """A test for "this line is in the body of a function TF never entered".

    `entered`: the oracle's def lines of the functions whose body ran (None
    when the oracle did not report them: nothing is then excused).
    """
    if source is None or entered is None:
        return lambda line: False
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return lambda line: False
    entered = set(entered)
    spans = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.body and node.lineno not in entered:
            start = node.body[0].lineno
            if start == node.lineno:  # `def f(): ...` on one line: the line also runs the def itself
                start += 1
            end = getattr(node, "end_lineno", None) or start
            if start <= end:
                spans.append((start, end))
    if not spans:
        return lambda line: False
    return lambda line: line is not None and any(a <= line <= b for a, b in spans)


def _format_oracle_event(e: dict) -> str:
    api = "tf.Variable" if e.get("api") == "Variable" else ("get_variable" if e["action"] == "create" else "reuse")
    via = f" via {e['via']}" if e.get("via") else ""
    extra = ""
    if e.get("graph"):
        extra += f", graph {e['graph']}"
    if e.get("run", 1) != 1:
        extra += f", run {e['run']}"
    return f"{e['action']:6} {e.get('name')}  ({api}{via}, line {_chain(e.get('lines'))}{extra})"


def _format_record(r) -> str:
    return f"{r.action:6} {r.name}  ({r.api}, line {r.line}, col {r.column})"


def _format_finding(f) -> str:
    return f"{f.code} line {f.line}:{f.column} {f.message}"


# ---------------------------------------------------------------------------
# The comparison
# ---------------------------------------------------------------------------


@dataclass
class Comparison:
    """How scopelint's predictions for one program compare with TensorFlow's behaviour."""

    disagreements: list = field(default_factory=list)
    predictions: int = 0  # scopelint name records
    unknown_predictions: int = 0  # ... of which have a `?` in the name or an unknown action
    matched: int = 0  # oracle events matched by a scopelint record
    unpredicted: int = 0  # oracle events in later passes of loops scopelint cannot count
    unpredicted_events: set = field(default_factory=set, repr=False)  # ... their indexes in oracle_events
    unjudged: int = 0  # scopelint records after TF's error/exit or in code TF never ran (cannot be judged)
    not_run: int = 0  # ... of which, records and SCO1xx findings in functions TF never entered
    judged: bool = True  # False: the oracle timed out or crashed
    reason: str = ""  # why the program was not judged
    oracle_events: list = field(default_factory=list, repr=False)
    oracle_error: Optional[dict] = field(default=None, repr=False)
    oracle_status: str = "ok"
    records: list = field(default_factory=list, repr=False)
    error_findings: list = field(default_factory=list, repr=False)
    pairs: list = field(default_factory=list, repr=False)  # (oracle index, record index)
    error_finding_matches: list = field(default_factory=list, repr=False)  # bool per error finding
    unjudged_records: set = field(default_factory=set, repr=False)
    unjudged_findings: set = field(default_factory=set, repr=False)  # indexes of error_findings in code TF never ran
    source: Optional[str] = field(default=None, repr=False)
    shapes_checked: int = 0  # matched pairs whose shape scopelint predicted (each one compared with TF's)
    shapes_unknown: int = 0  # matched pairs whose shape scopelint left unknown
    dtypes_checked: int = 0
    shape_mismatches: list = field(default_factory=list, repr=False)  # "shape" / "dtype", one per disagreement

    @property
    def ok(self) -> bool:
        return self.judged and not self.disagreements

    def report(self) -> str:
        """Both sides, side by side enough to see what went wrong."""
        out = []
        if not self.judged:
            out.append(f"not judged: {self.reason}")
        elif self.disagreements:
            out.append(f"scopelint disagrees with TensorFlow ({len(self.disagreements)}):")
            out.extend(f"  - {d}" for d in self.disagreements)
        else:
            out.append("scopelint agrees with TensorFlow.")
        out.append(
            f"({self.predictions} predictions, {self.unknown_predictions} partly unknown, "
            f"{self.matched} matched, {self.unjudged} after TF stopped or in code TF never ran"
            f"{f' ({self.not_run} never ran)' if self.not_run else ''})"
        )
        matched_events = {o for o, _ in self.pairs}
        matched_records = {r for _, r in self.pairs}
        out.append("TensorFlow did:")
        for i, e in enumerate(self.oracle_events):
            mark = "ok " if i in matched_events else "-- "
            out.append(f"  {mark}{_format_oracle_event(e)}")
        if not self.oracle_events:
            out.append("     (no variables created or reused)")
        if self.oracle_error:
            message = first_sentence(self.oracle_error.get("message", ""))
            run = f" (run {self.oracle_error['run']})" if self.oracle_error.get("run", 1) != 1 else ""
            label = "error" if self.oracle_status == "error" else self.oracle_status
            out.append(
                f"     {label}: {self.oracle_error.get('type')} at line "
                f"{_chain(self.oracle_error.get('lines'))}{run}: {message}"
            )
        else:
            out.append(f"     error: none ({self.oracle_status})")
        out.append("scopelint predicted:")
        for j, r in enumerate(self.records):
            mark = "ok " if j in matched_records else ("?? " if j in self.unjudged_records else "-- ")
            out.append(f"  {mark}{_format_record(r)}")
        if not self.records:
            out.append("     (no name records)")
        for k, (f, good) in enumerate(zip(self.error_findings, self.error_finding_matches)):
            mark = "ok " if good else ("?? " if k in self.unjudged_findings else "-- ")
            out.append(f"  {mark}{_format_finding(f)}")
        if not self.error_findings:
            out.append("     (no SCO1xx findings)")
        out.append("  (ok = agrees, -- = disagrees, ?? = after TF stopped or never run by TF, not judged)")
        if self.source is not None:
            out.append("program:")
            for n, line in enumerate(self.source.splitlines(), 1):
                out.append(f"  {n:4} | {line}")
        return "\n".join(out)

    __str__ = report


def _align(events: list, records: list) -> list:
    """Order-preserving pairs (event index, record index) maximising matches, exact names first."""

    def weight(e, r) -> int:
        if not action_matches(r.action, e["action"]) or not e["lines"] or r.line != e["lines"][-1]:
            return 0
        if r.name == e.get("name") and r.action == e["action"]:
            return 3
        return 2 if name_matches(r.name, e.get("name") or "") else 0

    n, m = len(events), len(records)
    if n == 0 or m == 0:
        return []
    if n * m > _DP_LIMIT:  # greedy, in order
        pairs, j = [], 0
        for i, e in enumerate(events):
            for k in range(j, m):
                if weight(e, records[k]):
                    pairs.append((i, k))
                    j = k + 1
                    break
        return pairs
    W = [[weight(e, r) for r in records] for e in events]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        wi = W[i]
        for j in range(m - 1, -1, -1):
            value = below[j] if below[j] > row[j + 1] else row[j + 1]
            if wi[j]:
                take = wi[j] + below[j + 1]
                if take > value:
                    value = take
            row[j] = value
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if W[i][j] and best[i][j] == W[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _match_leftovers(events, records, pairs) -> list:
    """Per-line multiset matching for what the ordered alignment left over."""
    used_e = {i for i, _ in pairs}
    used_r = {j for _, j in pairs}
    extra = []
    for exact_only in (True, False):
        for i, e in enumerate(events):
            if i in used_e or not e["lines"]:
                continue
            for j, r in enumerate(records):
                if j in used_r or not action_matches(r.action, e["action"]) or r.line != e["lines"][-1]:
                    continue
                if exact_only:
                    ok = r.name == e.get("name") and r.action == e["action"]
                else:
                    ok = name_matches(r.name, e.get("name") or "")
                if ok:
                    extra.append((i, j))
                    used_e.add(i)
                    used_r.add(j)
                    break
    return sorted(pairs + extra)


def _compare_shapes(cmp: Comparison, events: list, records: list, pairs: list) -> None:
    """**Shapes and dtypes.** A shape or dtype scopelint predicts for a
    matched variable must be TF's (unknown is allowed, wrong is not)."""
    for i, j in pairs:
        e, r = events[i], records[j]
        shape, dtype = getattr(r, "shape", None), getattr(r, "dtype", None)
        if "shape" not in e:
            continue  # a hand-made oracle result
        if shape is None:
            cmp.shapes_unknown += 1
        else:
            cmp.shapes_checked += 1
            if e.get("shape") is None or list(shape) != list(e["shape"]):
                cmp.shape_mismatches.append("shape")
                cmp.disagreements.append(
                    f"scopelint: {r.name} at line {r.line} has shape {list(shape)} -- TF: {e.get('shape')}"
                )
        if dtype is not None:
            cmp.dtypes_checked += 1
            if dtype != e.get("dtype"):
                cmp.shape_mismatches.append("dtype")
                cmp.disagreements.append(
                    f"scopelint: {r.name} at line {r.line} has dtype {dtype} -- TF: {e.get('dtype')}"
                )


def compare(oracle_result, lint_result, *, source: Optional[str] = None) -> Comparison:
    """Compare TF's behaviour (`Oracle.run` result or its dict) with a scopelint `LintResult`.

    `source`, when given, is shown with line numbers in the report.
    """
    status, events, error, exit_ = _oracle_parts(oracle_result)
    entered = _get(oracle_result, "entered")
    if entered is None:
        raw = _get(oracle_result, "raw") or {}
        entered = raw.get("entered") if isinstance(raw, dict) else None
    never_run = _never_run(source, entered)
    records = list(_get(lint_result, "names") or [])
    findings = [f for f in (_get(lint_result, "findings") or []) if str(f.code).startswith(ERROR_CODE_PREFIX)]
    cmp = Comparison(
        predictions=len(records),
        unknown_predictions=sum(1 for r in records if _is_unknown(r)),
        oracle_events=events,
        oracle_error=error,
        oracle_status=status,
        records=records,
        error_findings=findings,
        error_finding_matches=[False] * len(findings),
        source=source,
    )
    if status in ("timeout", "crash"):
        cmp.judged = False
        cmp.reason = f"the oracle {'timed out' if status == 'timeout' else 'crashed'}: " + (
            (error or {}).get("message", "") if error else ""
        )
        return cmp

    # -- names --------------------------------------------------------------------
    pairs = _match_leftovers(events, records, _align(events, records))
    cmp.pairs = pairs
    cmp.matched = len(pairs)
    matched_events = {i for i, _ in pairs}
    matched_records = {j for _, j in pairs}
    stopped = status == "error" or exit_ is not None
    last = max(matched_records) if matched_records else -1

    for i, e in enumerate(events):
        if i in matched_events:
            continue
        line = e["lines"][-1] if e["lines"] else None
        there = [r for r in records if r.line == line]
        if any(getattr(r, "more_iterations", False) for r in there):
            # A loop of unknown length: scopelint names its first pass(es)
            # and claims nothing about the iterations after.
            cmp.unpredicted += 1
            cmp.unpredicted_events.add(i)
            continue
        have = "; ".join(f"{r.action} {r.name}" for r in there) or "nothing"
        cmp.disagreements.append(
            f"TF: {e['action']} {e.get('name')} at line {_chain(e['lines'])}"
            f"{' (run %s)' % e['run'] if e.get('run', 1) != 1 else ''}"
            f" -- scopelint has no matching record (at line {line} it predicts: {have})"
        )
    for j, r in enumerate(records):
        if j in matched_records:
            continue
        # Reached through a function TF never ran (analysed alone): its chain says so.
        chain = [line for path, line, _cell in getattr(r, "chain", ()) if path == r.path]
        if never_run(r.line) or any(never_run(line) for line in chain):
            cmp.unjudged_records.add(j)
            cmp.not_run += 1
            continue
        if stopped and j > last:
            cmp.unjudged_records.add(j)
            continue
        same_line = [e for e in events if e["lines"] and e["lines"][-1] == r.line]
        did = "; ".join(f"{e['action']} {e.get('name')}" for e in same_line) or "nothing"
        cmp.disagreements.append(
            f"scopelint: {r.action} {r.name} at line {r.line} -- TF did not (at line {r.line} TF did: {did})"
        )
    cmp.unjudged = len(cmp.unjudged_records)
    _compare_shapes(cmp, events, records, pairs)

    # -- errors -------------------------------------------------------------------
    for k, f in enumerate(findings):
        if never_run(f.line):
            cmp.unjudged_findings.add(k)
            cmp.not_run += 1
    if status == "error" and error:
        sentence = first_sentence(error.get("message", ""))
        chain = list(error.get("lines") or [])
        for k, f in enumerate(findings):
            cmp.error_finding_matches[k] = f.line in chain and contains_with_wildcards(f.message, sentence)
        if not any(cmp.error_finding_matches):
            cmp.disagreements.append(
                f"TF raised {error.get('type')} at line {_chain(chain)}: {sentence!r} -- scopelint has no "
                f"SCO1xx finding on line(s) {', '.join(map(str, chain)) or '?'} quoting it"
            )
        for k, (f, good) in enumerate(zip(findings, cmp.error_finding_matches)):
            if not good and k not in cmp.unjudged_findings:
                where = "" if f.line in chain else f" (not on line {_chain(chain)})"
                cmp.disagreements.append(
                    f"scopelint: {f.code} at line {f.line}{where}: {f.message!r} -- TF raised only "
                    f"{error.get('type')}: {sentence!r}"
                )
    else:
        for k, f in enumerate(findings):
            if k in cmp.unjudged_findings:
                continue
            cmp.disagreements.append(
                f"scopelint: {f.code} at line {f.line}: {f.message!r} -- TF raised no error"
                f"{' (the program exited)' if exit_ else ''}"
            )
    return cmp
