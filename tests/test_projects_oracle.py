"""The multi-module project corpus (tests/projects/), judged by real TensorFlow.

* the corpus is what it says: bug projects with fixed twins, correct
  projects with tricky valid sharing, 2-6 Python files each;
* under TF (`Oracle.run_project`: each entry script run as its own program
  from the project root) every bug project's entry raises exactly what its
  PROJECT.toml claims, with the traceback's project frames; every other entry
  (and every fixed twin and correct project) runs cleanly; every project
  makes a variable in a module other than its entry script;
* the harness's project mode itself (import-time variables, module isolation
  between projects, relative imports, `__main__` only in the entry script);
* the comparison logic of tests/test_projects.py, fed TF's own record as a
  perfect lint result and then deliberately wrong ones.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.oracle.projects import (
    KINDS,
    compare_project,
    exact_share,
    load_project,
    load_projects,
    rows_from_tf,
    summary_table,
    tf_events,
)

PROJECTS = load_projects()
BY_NAME = {p.name: p for p in PROJECTS}
TIMEOUT = 60.0
GIVEN = "tests/projects/{}"  # how tests/test_projects.py names a project on the command line


def _results(oracle, project) -> dict:
    out = {}
    for entry in project.entries:
        result = oracle.run_project(str(project.root), entry, paths=project.paths, timeout=TIMEOUT)
        assert result.judged, f"the oracle could not run {project.name}/{entry}: {result.error}"
        out[entry] = result
    return out


def _chain(frames) -> str:
    return ">".join(f"{p}:{l}" for p, l in frames or [])


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------


def test_corpus_has_enough_of_each_kind():
    kinds = [p.kind for p in PROJECTS]
    assert set(kinds) <= set(KINDS), kinds
    assert len(PROJECTS) >= 24
    assert kinds.count("bug") >= 12 and kinds.count("correct") >= 6


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_project_is_well_formed(project):
    files = project.python_files()
    assert 2 <= len(files) <= 6, files
    assert project.entries, "PROJECT.toml names no entry script"
    for entry in project.entries:
        assert entry in files, f"entry {entry} is not a file of the project"
    assert project.summary
    if project.kind == "bug":
        assert project.tf, "a bug project says what TF raises ([tf])"
        assert set(project.tf) <= set(project.entries)
        twin = BY_NAME.get(project.twin)
        assert twin is not None and twin.kind == "fixed" and twin.twin == project.name, project.twin
        assert twin.name == project.name + "_fixed"
        assert twin.entries == project.entries
    else:
        assert not project.tf, "only bug projects raise"
    if project.kind == "fixed":
        assert BY_NAME.get(project.twin) is not None and BY_NAME[project.twin].kind == "bug"


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_project_under_tf(oracle, project):
    results = _results(oracle, project)
    wrong = []
    for entry, result in results.items():
        claim = project.tf.get(entry)
        error = result.error if result.status == "error" else None
        if claim is None:
            if result.status != "ok":
                wrong.append(f"{entry}: expected a clean run; TF: {result.status} {error and error['type']}"
                             f"@{_chain(error and error.get('frames'))}: {(error or {}).get('message', '')[:300]}")
            continue
        if error is None:
            wrong.append(f"{entry}: claims {claim.type}@{_chain(claim.frames)}; TF: {result.status}")
            continue
        frames = [tuple(f) for f in error["frames"]]
        same_start = error["message"].startswith(claim.message)
        if error["type"] != claim.type or frames != list(claim.frames) or not same_start:
            wrong.append(f"{entry}: claims {claim.type}@{_chain(claim.frames)}: {claim.message!r}\n"
                         f"  TF: {error['type']}@{_chain(frames)}: {error['message'][:300]!r}")
        if not frames or frames[0][0] != entry:  # the traceback starts in the entry script
            wrong.append(f"{entry}: TF's project frames {_chain(frames)} do not start in the entry")
    # What makes these multi-module projects: variables made outside the entry script.
    elsewhere = [
        (entry, e["name"], e["frames"][-1][0])
        for entry, result in results.items()
        for e in tf_events(result)
        if e.get("frames") and e["frames"][-1][0] != entry
    ]
    if not elsewhere:
        wrong.append("no variable is made in a module other than the entry script")
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------------------
# The harness's project mode
# ---------------------------------------------------------------------------


def _write(root, files: dict):
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


TF = "import tensorflow.compat.v1 as tf\n"


def test_import_time_variables_chain_through_the_importing_lines(oracle, tmp_path):
    root = _write(tmp_path / "p", {
        "train.py": TF + "import pkg.model\n",
        "pkg/__init__.py": "from . import model\n",
        "pkg/model.py": TF + "from .layers import make\nW = make('w')\n",
        "pkg/layers.py": TF + "def make(name):\n    return tf.get_variable(name, [2])\n",
    })
    result = oracle.run_project(str(root), "train.py")
    assert result.status == "ok", result.error
    assert [(e["name"], e["frames"]) for e in result.created] == [
        ("w:0", [["train.py", 2], ["pkg/__init__.py", 1], ["pkg/model.py", 3], ["pkg/layers.py", 3]]),
    ]
    assert result["modules"] == [["pkg", "pkg/__init__.py"], ["pkg.model", "pkg/model.py"],
                                 ["pkg.layers", "pkg/layers.py"]]
    assert ["pkg/layers.py", 2] in result["entered"]


def test_projects_do_not_share_modules(oracle, tmp_path):
    # Two projects with a module of the same name, run one after the other in one worker.
    for size in (3, 5):
        root = _write(tmp_path / f"p{size}", {
            "config.py": f"SIZE = {size}\n",
            "train.py": TF + "import sys\nimport config\nw = tf.get_variable('w', [config.SIZE])\n"
                             "print(w.shape[0], sys.argv[0])\n",
        })
        result = oracle.run_project(str(root), "train.py")
        assert result.status == "ok", result.error
        assert result.printed.split() == [str(size), "train.py"]
    probe = oracle.run("import sys\nprint('config' in sys.modules)\n", filename="probe.py")
    assert probe.printed.strip() == "False"  # the project's modules are gone afterwards


def test_main_block_runs_only_in_the_entry_and_errors_keep_project_frames(oracle, tmp_path):
    root = _write(tmp_path / "p", {
        "model.py": TF + "def build():\n    return tf.get_variable('w', [1])\n"
                         "if __name__ == '__main__':\n    build()\n    build()\n",
        "train.py": TF + "import model\nif __name__ == '__main__':\n    model.build()\n    model.build()\n",
    })
    result = oracle.run_project(str(root), "train.py")
    assert result.status == "error"
    assert result.error["type"] == "ValueError"
    assert result.error["frames"] == [["train.py", 5], ["model.py", 3]]
    assert result.error["lines"] == [5, 3]
    assert [e["frames"] for e in result.created] == [[["train.py", 4], ["model.py", 3]]]
    alone = oracle.run_project(str(root), "model.py")  # model.py as its own program: its block runs
    assert alone.status == "error" and alone.error["frames"] == [["model.py", 6], ["model.py", 3]]


def test_src_layout_and_extra_paths(oracle, tmp_path):
    root = _write(tmp_path / "p", {
        "src/lib/__init__.py": "",
        "src/lib/nets.py": TF + "def net():\n    return tf.get_variable('v', [1])\n",
        "scripts/run.py": TF + "from lib import nets\nimport extra\nnets.net()\nextra.more()\n",
        "third/extra.py": TF + "def more():\n    return tf.get_variable('u', [1])\n",
    })
    result = oracle.run_project(str(root), "scripts/run.py", paths=["third"])
    assert result.status == "ok", result.error
    assert [(e["name"], e["frames"]) for e in result.created] == [
        ("v:0", [["scripts/run.py", 4], ["src/lib/nets.py", 3]]),
        ("u:0", [["scripts/run.py", 5], ["third/extra.py", 3]]),
    ]


def test_a_module_that_does_not_compile_ends_the_chain(oracle, tmp_path):
    root = _write(tmp_path / "p", {"train.py": TF + "import broken\n", "broken.py": "def f(:\n"})
    result = oracle.run_project(str(root), "train.py")
    assert result.status == "error" and result.error["type"] == "SyntaxError"
    assert result.error["frames"] == [["train.py", 2], ["broken.py", 1]]


def test_single_file_mode_is_unchanged(oracle):
    result = oracle.run(TF + "w = tf.get_variable('w', [1])\nw = tf.get_variable('w', [1])\n", filename="one.py")
    assert result.status == "error" and result.error["lines"] == [3]
    assert "frames" not in result.error and "frames" not in result.created[0]


# ---------------------------------------------------------------------------
# The comparison logic of tests/test_projects.py
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tf_record(oracle):
    return {p.name: _results(oracle, p) for p in PROJECTS}


def _compare(project, results, findings, names):
    return compare_project(project, results, findings, names, GIVEN.format(project.name))


def test_tf_record_as_lint_result_agrees_completely(tf_record):
    comparisons = []
    for project in PROJECTS:
        results = tf_record[project.name]
        findings, names = rows_from_tf(project, results, GIVEN.format(project.name))
        cmp = _compare(project, results, findings, names)
        assert cmp.ok, cmp.report()
        assert cmp.tf_total > 0 and cmp.tf_exact == cmp.tf_total, cmp.report()
        assert len(cmp.caught) == len(project.tf)
        comparisons.append(cmp)
    assert exact_share(comparisons) == 1.0
    bugs = sum(len(p.tf) for p in PROJECTS)
    total = sum(c.tf_total for c in comparisons)
    assert summary_table(comparisons).splitlines()[-1].split() == [
        "TOTAL", f"{bugs}/{bugs}", "0", "0", f"{total}/{total}", "(100.0%", "exact)"]


def test_a_missed_bug_fails(tf_record):
    project = BY_NAME["build_twice"]
    results = tf_record[project.name]
    findings, names = rows_from_tf(project, results, GIVEN.format(project.name))
    cmp = _compare(project, results, [], names)
    assert not cmp.ok and cmp.caught == {"train.py": False}
    # a finding off TF's traceback neither catches the bug nor goes unnoticed
    off = [dict(findings[0], path=GIVEN.format(project.name) + "/config.py", line=4)]
    cmp = _compare(project, results, off, names)
    assert not cmp.ok and cmp.caught == {"train.py": False} and len(cmp.false_findings) == 1
    # an SCO2xx finding on the traceback does not count as catching a raise
    cmp = _compare(project, results, [dict(findings[0], code="SCO201")], names)
    assert cmp.caught == {"train.py": False}


def test_a_bug_caught_deeper_in_the_traceback_counts(tf_record):
    project = BY_NAME["build_twice"]
    results = tf_record[project.name]
    _, names = rows_from_tf(project, results, GIVEN.format(project.name))
    deep = {"path": GIVEN.format(project.name) + "/pkg/layers.py", "line": 6, "column": 13, "code": "SCO101"}
    cmp = _compare(project, results, [deep], names)
    assert cmp.ok, cmp.report()


def test_absolute_row_paths_are_understood(tf_record):
    project = BY_NAME["build_twice"]
    results = tf_record[project.name]
    findings, names = rows_from_tf(project, results, str(project.root))
    cmp = _compare(project, results, findings, names)
    assert cmp.ok and cmp.tf_exact == cmp.tf_total, cmp.report()


def test_a_finding_on_a_fixed_twin_is_false(tf_record):
    project = BY_NAME["build_twice_fixed"]
    results = tf_record[project.name]
    findings, names = rows_from_tf(project, results, GIVEN.format(project.name))
    assert findings == []
    bogus = {"path": GIVEN.format(project.name) + "/train.py", "line": 14, "column": 5, "code": "SCO101"}
    cmp = _compare(project, results, [bogus], names)
    assert not cmp.ok and len(cmp.false_findings) == 1


def test_a_wrong_exact_name_fails_and_unknown_parts_do_not(tf_record):
    project = BY_NAME["make_template_cross_module"]
    results = tf_record[project.name]
    given = GIVEN.format(project.name)
    findings, names = rows_from_tf(project, results, given)
    renamed = [dict(names[0], name="tower/hidden/kernel_1:0")] + names[1:]
    cmp = _compare(project, results, findings, renamed)
    assert not cmp.ok and len(cmp.wrong_names) == 1 and cmp.tf_exact == cmp.tf_total - 1
    unknown = [dict(names[0], name="?/hidden/kernel:0")] + names[1:]
    cmp = _compare(project, results, findings, unknown)
    assert cmp.ok and cmp.tf_exact == cmp.tf_total - 1
    guessed = [dict(row, action="unknown") for row in names]
    cmp = _compare(project, results, findings, guessed)
    assert cmp.ok and cmp.tf_exact == 0
    # create where TF only created (global_step, made at import) claimed as a reuse
    other = BY_NAME["import_time_shared"]
    other_findings, other_names = rows_from_tf(other, tf_record[other.name], GIVEN.format(other.name))
    flipped = [dict(r, action="reuse") if r["name"] == "global_step:0" else r for r in other_names]
    assert flipped != other_names
    assert not _compare(other, tf_record[other.name], other_findings, flipped).ok
    # a name at a line where TF made nothing
    extra = names + [dict(names[0], path=given + "/eval.py", line=10)]
    assert not _compare(project, results, findings, extra).ok


def test_entry_key_of_a_name_row_is_respected(tf_record):
    project = BY_NAME["eval_reuse_missing_fixed"]  # train.py and evaluate.py both build model.py's layers
    results = tf_record[project.name]
    given = GIVEN.format(project.name)
    findings, names = rows_from_tf(project, results, given)
    assert _compare(project, results, findings, names).ok
    # rows without entry keys match any entry: one row per location covers both scripts
    plain = {tuple((k, v) for k, v in r.items() if k != "entry") for r in names}
    assert len(plain) < len(names)
    cmp = _compare(project, results, findings, [dict(r) for r in plain])
    assert cmp.ok and cmp.tf_exact == cmp.tf_total
    # train.py's Adam slot names credited to evaluate.py, which makes none
    moved = [dict(r, entry=given + "/evaluate.py") if "Adam" in r["name"] else r for r in names]
    assert any("Adam" in r["name"] for r in names)
    assert not _compare(project, results, findings, moved).ok


def test_names_in_code_tf_never_ran_are_not_judged(tf_record):
    project = BY_NAME["registry_dict_fixed"]  # models/linear.py is imported, its build() never called
    results = tf_record[project.name]
    given = GIVEN.format(project.name)
    findings, names = rows_from_tf(project, results, given)
    never = {"path": given + "/models/linear.py", "line": 6, "column": 16, "name": "linear/out/kernel:0",
             "action": "create", "api": "layers.dense"}
    cmp = _compare(project, results, findings, names + [never])
    assert cmp.ok and len(cmp.unjudged_names) == 1, cmp.report()
    # the same row in a function TF did run is judged (and wrong)
    ran = dict(never, path=given + "/models/mlp.py", line=6)
    assert not _compare(project, results, findings, names + [ran]).ok
    # on a bug project, what TF never reached after its error cannot be judged either
    project = BY_NAME["registry_dict"]
    results = tf_record[project.name]
    given = GIVEN.format(project.name)
    findings, names = rows_from_tf(project, results, given)
    late = {"path": given + "/models/mlp.py", "line": 7, "column": 14, "name": "mlp/w2:0", "action": "reuse",
            "api": "get_variable"}
    cmp = _compare(project, results, findings, names + [late])
    assert cmp.ok and len(cmp.unjudged_names) == 1, cmp.report()


def test_projects_corpus_loader_rejects_bad_claims(tmp_path):
    root = _write(tmp_path / "x", {"PROJECT.toml": 'kind = "bug"\nentries = ["a.py"]\n[tf]\n"a.py" = "boom"\n'})
    with pytest.raises(ValueError):
        load_project(root)
