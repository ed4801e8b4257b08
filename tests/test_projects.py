"""scopelint on whole multi-module projects (tests/projects/), judged by real TensorFlow.

Each project is linted as a user would, through the CLI's JSON output,
`scopelint --format json tests/projects/NAME` (findings) and
`scopelint --names --format json tests/projects/NAME` (names), and compared
with what TF did when each entry script ran (tests/oracle/projects.py has
the rules; tests/test_projects_oracle.py checks the corpus and the rules):

* every bug caught by an SCO1xx finding at a (file, line) of TF's traceback;
* no finding on a fixed twin or a correct project, none off TF's traceback;
* every exact name scopelint predicts is one TF made (or reused) there;
* at least 90% of TF's names predicted exactly, over the whole corpus.

Run with `-s` for a table per project (caught bugs, false findings, wrong
names, exact names).
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.oracle.projects import compare_project, exact_share, load_projects, summary_table

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = load_projects()
TIMEOUT = 60.0
EXACT_SHARE_TARGET = 0.90


def _given(project) -> str:
    return project.root.relative_to(ROOT).as_posix()


def _cli(*args) -> list:
    proc = subprocess.run(
        [sys.executable, "-m", "scopelint", "--no-cache", "--format", "json", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    if proc.returncode not in (0, 1):  # 1: findings
        raise AssertionError(f"scopelint {' '.join(args)} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def _lint(project) -> tuple:
    given = _given(project)
    return _cli(given), _cli("--names", given)


@pytest.fixture(scope="module")
def lint_rows():
    """{project name: (findings rows, names rows)}, two scopelint processes at a time."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip((p.name for p in PROJECTS), pool.map(_lint, PROJECTS)))


@pytest.fixture(scope="module")
def comparisons(oracle, lint_rows):
    out = {}
    for project in PROJECTS:
        results = {}
        for entry in project.entries:
            result = oracle.run_project(str(project.root), entry, paths=project.paths, timeout=TIMEOUT)
            assert result.judged, f"the oracle could not run {project.name}/{entry}: {result.error}"
            results[entry] = result
        findings, names = lint_rows[project.name]
        out[project.name] = compare_project(project, results, findings, names, _given(project))
    return out


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_project_agrees_with_tf(comparisons, project):
    cmp = comparisons[project.name]
    assert cmp.ok, cmp.report()


def test_exact_name_share(comparisons):
    ordered = [comparisons[p.name] for p in PROJECTS]
    print("\n" + summary_table(ordered))
    share = exact_share(ordered)
    assert share >= EXACT_SHARE_TARGET, f"{share:.1%} of TF's names predicted exactly (target {EXACT_SHARE_TARGET:.0%})"
