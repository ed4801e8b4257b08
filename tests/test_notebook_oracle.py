"""Notebooks judged by TensorFlow (tests/notebooks/*.ipynb).

For each notebook the oracle runs the code cells in order in one TF1 graph
(Run All) and, for every cell Run All reaches, the cells up to it and then
that cell once more (tests/oracle/client.py `run_notebook`). Checked:

* Run All: scopelint's names and SCO1xx findings agree with TF's
  (tests/oracle/compare.py on the concatenated program, whose lines both
  sides share);
* every SCO204 finding is on a cell whose re-run TF refuses, on a line of
  the re-run error's chain within that cell (no false positive, ever);
* every re-run TF refuses is found (recall), except the cells listed in
  RERUN_GAPS with the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import scopelint
from scopelint.notebooks import build_program, read_cells
from scopelint.rules import get_rule
from tests.oracle.client import cell_of
from tests.oracle.compare import compare

NOTEBOOKS = sorted((Path(__file__).parent / "notebooks").glob("*.ipynb"))
# (notebook, cell): re-runs TF refuses that scopelint does not report, and why.
RERUN_GAPS: dict = {

}


def _code_cells(path: Path) -> list:
    cells, _language = read_cells(path.read_bytes())
    return [[c.number, c.source] for c in cells if c.kind == "code"]


def _verdicts(oracle, path: Path):
    main, reruns = oracle.run_notebook(_code_cells(path), filename=path.name, timeout=120)
    assert main.judged, main.error
    return main, reruns


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_run_all_agrees_with_tf(oracle, path):
    main, _reruns = _verdicts(oracle, path)
    program = build_program(read_cells(path.read_bytes())[0])
    lint = scopelint.lint_source(program.text, path.name, names=True, cells=program.cell_ranges())
    cmp = compare(main, lint, source=program.text)
    assert cmp.ok, cmp.report()


def _refused(result) -> bool:
    return result.status == "error" and result.error.get("run") == 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_rerun_findings_are_rerun_errors(oracle, path):
    _main, reruns = _verdicts(oracle, path)
    findings = [f for f in scopelint.lint_source(path.read_bytes(), str(path)).findings if f.code == "SCO204"]
    for f in findings:
        result = reruns.get(f.cell)
        assert result is not None, f"SCO204 on cell {f.cell}, which Run All does not reach"
        assert _refused(result), f"SCO204 on cell {f.cell} line {f.line}, but TF re-runs it: {result.status}"
        segments = result.get("segments")
        chain = [cell_of(segments, line) for line in result.error["lines"]]
        assert (f.cell, f.line) in [(c[1], c[2]) for c in chain if c], (f, result.error["lines"])
        assert result.error["message"].split(" Did you mean")[0].rstrip(".") in f.message, (f.message, result.error)


def _recall_rows() -> list:
    return [(p.name, p) for p in NOTEBOOKS]


def test_rerun_recall(oracle):
    """Every re-run TF refuses is reported (or listed in RERUN_GAPS)."""
    refused, found, missed = 0, 0, []
    for name, path in _recall_rows():
        _main, reruns = _verdicts(oracle, path)
        flagged = {f.cell for f in scopelint.lint_source(path.read_bytes(), str(path)).findings if f.code == "SCO204"}
        for cell, result in reruns.items():
            if not _refused(result):
                assert cell not in flagged
                continue
            refused += 1
            if cell in flagged:
                found += 1
            elif (name, cell) not in RERUN_GAPS:
                missed.append(f"{name} cell {cell}: {result.error['message'][:120]}")
    assert refused >= 10, refused  # the notebooks exercise the rule
    assert not missed, "re-runs TF refuses that scopelint misses:\n" + "\n".join(missed)
    print(f"SCO204 recall: {found}/{refused} re-run failures ({len(RERUN_GAPS)} listed gaps)")


def _percent_cells(source: str) -> list:
    from scopelint.notebooks import percent_cells

    lines = source.splitlines(True)
    return [[k + 1, "".join(lines[a - 1:b])] for k, (a, b) in enumerate(percent_cells(source))]


# A valid example without `# %%` cells is valid because it is not a notebook.
CELL_EXAMPLES = [s for s in get_rule("SCO204").valid if "# %%" in s]


@pytest.mark.parametrize("source", CELL_EXAMPLES, ids=lambda s: f"valid-{CELL_EXAMPLES.index(s)}")
def test_rule_valid_examples_rerun_cleanly_under_tf(oracle, source):
    """SCO204's valid notebook examples are re-run safe: every cell, run again after the cells before it."""
    cells = _percent_cells(source)
    for k in range(len(cells)):
        result = oracle.run("", cells=cells, rerun=k, filename="valid", timeout=60)
        assert result.status == "ok", (k, result.describe())
