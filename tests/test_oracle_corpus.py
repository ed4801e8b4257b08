"""Every hand-written program, judged by real TensorFlow (the `oracle` fixture).

The programs: the seed tutorials' programs and common bugs (examples/), the
realistic corpus (tests/programs/correct, tests/programs/buggy), every rule's
valid and invalid examples (scopelint/rules/sco*.py) and the programs of the
semantics notes (tests/data/tf1-semantics.md). For each one:

* ``test_scopelint_agrees_with_tf``: scopelint's ``--names`` predictions and
  SCO1xx findings must agree with what TF did (tests/oracle/compare.py: same
  names, actions and lines; an SCO1xx finding quoting TF's error on its line
  chain, none when TF runs cleanly).
* ``test_header_agrees_with_tf`` / ``test_rule_example_claim_holds``: what a
  program's header (``tf:``, ``tf-name:``, ``names:``; see
  tests/programs/README.md) or a rule example (``tf_error``, ``tf_name``)
  says TF does is what TF does.

A program the semantics notes run with the oracle's ``--repeat N`` (a notebook
cell run N times in one kernel) is linted as its source written out N times,
and TF's lines of run r are shifted by (r - 1) x the program's length. Every
program that uses tf.contrib runs with the oracle's contrib shim (TF 1.x has
tf.contrib; tests/corpus.py decides this for the corpus).

All programs share one TensorFlow worker (the session-scoped fixture).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import pytest

import scopelint
from corpus import programs
from scopelint.rules import ALL_RULES
from semantics_notes import load as load_notes
from tests.oracle.compare import compare

pytestmark = pytest.mark.slow  # the whole corpus under TensorFlow

PROGRAM_TIMEOUT = 60.0


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    contrib: bool = False
    repeat: int = 1
    kind: str = ""  # examples / correct / buggy / rule / notes
    example: object = field(default=None, compare=False)  # the rule's Example (invalid ones)


def _corpus_cases() -> list:
    out = []
    for kind in ("examples", "correct", "buggy"):
        for prog in programs(kind):
            out.append(Case(prog.id, prog.source, prog.contrib, 1, kind))
    return out


def _rule_cases() -> list:
    out = []
    for rule in ALL_RULES:
        for i, ex in enumerate(rule.invalid):
            out.append(Case(f"{rule.code}-invalid-{i}", ex.code, "contrib" in ex.code, 1, "rule", ex))
        for i, src in enumerate(rule.valid):
            out.append(Case(f"{rule.code}-valid-{i}", src, "contrib" in src, 1, "rule"))
    return out


def _notes_cases() -> list:
    out = []
    for obs in load_notes():
        repeat = re.search(r"--repeat (\d+)", obs.flags)
        out.append(
            Case(
                f"notes-rule{obs.number}",
                obs.program,
                # tf.contrib exists in TF 1.x: a program that uses it runs with the shim
                # (rule 68 shows the oracle *without* it, which is TF 2.x, not TF1).
                "--contrib" in obs.flags or "tf.contrib" in obs.program or "tensorflow.contrib" in obs.program,
                int(repeat.group(1)) if repeat else 1,
                "notes",
            )
        )
    return out


CORPUS = _corpus_cases()
RULE_EXAMPLES = _rule_cases()
NOTES = _notes_cases()
ALL_CASES = CORPUS + RULE_EXAMPLES + NOTES


def _run(oracle, case: Case):
    result = oracle.run(
        case.source, contrib=case.contrib, repeat=case.repeat, timeout=PROGRAM_TIMEOUT, filename=case.id
    )
    assert result.judged, f"the oracle could not run {case.id}: {result.error}"
    return result


def _unrolled(case: Case, result):
    """(source, oracle result) with `repeat` runs written out one after the other."""
    if case.repeat == 1:
        return case.source, result
    source = case.source if case.source.endswith("\n") else case.source + "\n"
    n = len(source.splitlines())

    def shift(record):
        if not record:
            return record
        offset = (record.get("run", 1) - 1) * n
        return dict(record, lines=[line + offset for line in record.get("lines") or []], run=1)

    shifted = {
        "status": result.status,
        "created": [shift(e) for e in result.created],
        "reused": [shift(e) for e in result.reused],
        "error": shift(result.error),
        "exit": shift(result.exit),
    }
    return source * case.repeat, shifted


def test_every_kind_of_program_is_here():
    kinds = {c.kind for c in ALL_CASES}
    assert kinds == {"examples", "correct", "buggy", "rule", "notes"}
    assert len({c.id for c in ALL_CASES}) == len(ALL_CASES)
    assert len(NOTES) >= 60 and len(RULE_EXAMPLES) >= 40 and len(CORPUS) >= 100


# Programs using what the analysis does not model (docs/library-apis.md,
# README "known limits"). For these, scopelint may miss predictions or a
# finding, but must still claim nothing TF contradicts.
KNOWN_GAPS = {
    "tests/programs/correct/slim_contrib_small_vgg.py": "slim.learning.create_train_op makes the global step",
    "SCO102-valid-2": "imports a module that does not exist (the point of the example)",
}


def _wrong_claims(cmp) -> list:
    """Disagreements where scopelint claims something (not a missed prediction)."""
    return [d for d in cmp.disagreements if d.startswith("scopelint")]


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_scopelint_agrees_with_tf(oracle, case):
    result = _run(oracle, case)
    source, judged = _unrolled(case, result)
    lint = scopelint.lint_source(source, case.id, names=True)
    cmp = compare(judged, lint, source=source)
    if case.id in KNOWN_GAPS:
        assert not cmp.ok, f"{case.id} now agrees with TF: remove it from KNOWN_GAPS"
        assert not _wrong_claims(cmp), cmp.report()
        return
    assert cmp.ok, cmp.report()


# ---------------------------------------------------------------------------
# What the programs' own headers claim TF does
# ---------------------------------------------------------------------------


@dataclass
class Header:
    tf: Optional[tuple] = None  # (type, [lines], message start)
    tf_names: list = field(default_factory=list)  # [(name, [lines])]
    names: Optional[list] = None  # [(name, [lines])] or None
    problems: list = field(default_factory=list)


def _chain(text: str) -> list:
    return [int(p) for p in text.split(">")]


def parse_header(source: str) -> Header:
    """The `tf:`, `tf-name:` and `names:` lines of a program's leading comment block."""
    h = Header()
    names = []
    for raw in source.splitlines():
        line = raw.strip()
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(":")
        key, value = key.strip(), value.strip()
        if not sep:
            continue
        if key == "tf":
            m = re.fullmatch(r"(\w+)@([\d>]+):\s*(.+)", value)
            if m and h.tf is None:
                h.tf = (m.group(1), _chain(m.group(2)), m.group(3))
            else:
                h.problems.append(f"bad or repeated tf: line {value!r}")
        elif key == "tf-name":
            m = re.fullmatch(r"(\S+)@([\d>]+)", value)
            if m:
                h.tf_names.append((m.group(1), _chain(m.group(2))))
            else:
                h.problems.append(f"bad tf-name: line {value!r}")
        elif key == "names":
            h.names = names
            if value in ("", "(none)", "none"):
                continue
            for item in value.split():
                m = re.fullmatch(r"(\S+)@([\d>]+)", item)
                if m:
                    names.append((m.group(1), _chain(m.group(2))))
                else:
                    h.problems.append(f"bad names: entry {item!r}")
    return h


def _chain_matches(spec: list, lines: list) -> bool:
    """A one-line spec matches the innermost line; a longer one the whole chain."""
    if not lines:
        return False
    return lines[-1] == spec[0] if len(spec) == 1 else list(spec) == list(lines)


def _fmt(lines) -> str:
    return ">".join(map(str, lines or [])) or "?"


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.id)
def test_header_agrees_with_tf(oracle, case):
    header = parse_header(case.source)
    result = _run(oracle, case)
    wrong = list(header.problems)
    error = result.error if result.status == "error" else None
    if header.tf:
        etype, chain, text = header.tf
        if error is None:
            wrong.append(f"header: {etype}@{_fmt(chain)}; TF ran cleanly ({result.status})")
        else:
            got = f"{error['type']}@{_fmt(error['lines'])}: {error['message'][:300]!r}"
            if error["type"] != etype or error["lines"] != chain or not error["message"].startswith(text):
                wrong.append(f"header: {etype}@{_fmt(chain)}: {text!r}\n  TF:     {got}")
    elif error is not None:
        wrong.append(f"no tf: line, but TF raised {error['type']}@{_fmt(error['lines'])}: {error['message'][:300]!r}")
    for code, line in re.findall(r"^# expect: (SCO1\d\d)@(\d+)", case.source, re.M):
        if error is None or int(line) not in error["lines"]:
            wrong.append(f"expect: {code}@{line}, but TF raised no error on that line "
                         f"({'at ' + _fmt(error['lines']) if error else 'no error'})")
    events = result.events()
    for name, spec in header.tf_names:
        if not any(e["name"] == name and _chain_matches(spec, e["lines"]) for e in events):
            seen = [f"{e['action']} {e['name']}@{_fmt(e['lines'])}" for e in events if e["name"] == name]
            wrong.append(f"tf-name: {name}@{_fmt(spec)} not observed (TF: {seen or 'no such variable'})")
    if header.names is not None:
        got = [(e["name"], e["lines"]) for e in result.created]
        if len(got) != len(header.names) or not all(
            gn == hn and _chain_matches(hs, gl) for (gn, gl), (hn, hs) in zip(got, header.names)
        ):
            wrong.append(
                "names: differ\n  header: "
                + " ".join(f"{n}@{_fmt(s)}" for n, s in header.names)
                + "\n  TF:     "
                + " ".join(f"{n}@{_fmt(l)}" for n, l in got)
            )
    assert not wrong, "\n".join(wrong)


def _rerun_of_flagged_cell(oracle, case: Case):
    """SCO204's examples are percent-format notebooks: TF runs the cells up
    to the flagged one, then that cell again (its claim is about the re-run)."""
    from scopelint.notebooks import percent_cells

    lines = case.source.splitlines(True)
    ranges = percent_cells(case.source)
    cells = [[k + 1, "".join(lines[a - 1:b])] for k, (a, b) in enumerate(ranges)]
    flagged = next(k for k, (a, b) in enumerate(ranges) if a <= case.example.lines[0] <= b)
    result = oracle.run("", case.contrib, 1, PROGRAM_TIMEOUT, case.id, cells=cells, rerun=flagged)
    assert result.judged and (result.error or {}).get("run") == 2, f"TF re-runs the cell cleanly: {result.describe()}"
    return result


@pytest.mark.parametrize("case", [c for c in RULE_EXAMPLES if c.example is not None], ids=lambda c: c.id)
def test_rule_example_claim_holds(oracle, case):
    ex = case.example
    result = _rerun_of_flagged_cell(oracle, case) if case.id.startswith("SCO204") else _run(oracle, case)
    if ex.tf_error:
        assert result.status == "error", f"the example claims TF raises {ex.tf_error!r}; TF: {result.status}"
        assert result.error["message"].startswith(ex.tf_error), (ex.tf_error, result.error["message"][:300])
        if case.id.startswith(("SCO1", "SCO204")):  # flagged: the line where TF raises (or the call leading there)
            assert set(ex.lines) <= set(result.error["lines"]), (ex.lines, result.error["lines"])
    if ex.tf_name:
        names = [e["name"] for e in result.events()]
        assert ex.tf_name in names, (ex.tf_name, names)
