"""SCO112 (restore-key-missing) judged by real TensorFlow on the projects of
tests/restore_projects/: a model module, a script that trains and saves, and
scripts that rebuild and restore (or one program that does both).

Each project is copied to a temporary directory and its scripts run there,
in the order its PROJECT.toml gives, under TF (tests/oracle/restores.py):
their relative checkpoint paths land in the copy. For every restore TF
makes, the harness lists the checkpoint (`tf.train.list_variables`) and
compares it with every key of the Saver's var_list. Then `scopelint
--format json` lints the copy, and:

* at every restore site where some key is missing or has another shape or
  dtype, an SCO112 finding names every missing key (and both shapes, both
  dtypes);
  `init_from_checkpoint` raising names its key;
* no SCO112 finding anywhere else (a restore that succeeded, or no restore);
* a "bug" project gets a finding whose message names its likely cause; a
  "correct" one runs cleanly under TF; a "gap" one shows a documented limit
  (TF fails where the analysis cannot know: SCO112 stays silent).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

pytestmark = pytest.mark.slow  # TF runs 22 projects, then scopelint lints each

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = ROOT / "tests" / "restore_projects"
HARNESS = ROOT / "tests" / "oracle" / "restores.py"
NAMES = sorted(p.name for p in PROJECTS.iterdir() if (p / "PROJECT.toml").is_file())


def _meta(name: str) -> dict:
    with open(PROJECTS / name / "PROJECT.toml", "rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """name -> (copy, TF's record, scopelint's SCO112 findings)."""
    from tests.oracle.client import SKIP_ENV, _python, oracle_unavailable_reason

    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: TensorFlow oracle tests skipped")
    reason = oracle_unavailable_reason()
    if reason is not None:
        pytest.fail(f"the TensorFlow oracle is unavailable: {reason}", pytrace=False)
    base = tmp_path_factory.mktemp("restore_projects")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", TF_USE_LEGACY_KERAS="1")
    specs = []
    for name in NAMES:
        shutil.copytree(PROJECTS / name, base / name)
        specs.append(f"{base / name}={','.join(_meta(name)['scripts'])}")
    record = base / "tf.json"
    proc = subprocess.run([_python(), str(HARNESS), str(record), *specs], capture_output=True, text=True, env=env,
                          timeout=900)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    tf_runs = json.loads(record.read_text(encoding="utf-8"))
    out = {}
    for name in NAMES:
        copy = base / name
        lint = subprocess.run(
            [sys.executable, "-m", "scopelint", "--no-cache", "--format", "json", "."],
            capture_output=True, text=True, cwd=copy, timeout=300,
        )  # fmt: skip
        assert lint.returncode in (0, 1), lint.stderr
        findings = [f for f in json.loads(lint.stdout) if f["code"] == "SCO112"]
        out[name] = (copy, tf_runs[str(copy)], findings)
    return out


def _sites(tf: dict) -> dict:
    """(path, line) -> {"missing": set, "shapes": list, "error": [..]} over every restore made there."""
    sites: dict = {}
    for r in tf["restores"]:
        site = sites.setdefault(tuple(r["site"]), {"missing": set(), "shapes": [], "dtypes": [], "errors": []})
        site["missing"].update(r.get("missing", ()))
        site["shapes"] += r.get("shapes", [])
        site["dtypes"] += r.get("dtypes", [])
        if r.get("error"):
            site["errors"].append(r["error"])
    return sites


def _shape(dims) -> str:
    return "[" + ", ".join(str(d) for d in dims) + "]"


@pytest.mark.parametrize("name", NAMES)
def test_findings_name_what_tf_cannot_restore(runs, name):
    _copy, tf, findings = runs[name]
    sites = _sites(tf)
    at = {(f["path"].replace("\\", "/").removeprefix("./"), f["line"]): f for f in findings}
    for site, seen in sites.items():
        failing = seen["missing"] or seen["shapes"] or seen["dtypes"] or seen["errors"]
        finding = at.get(site)
        if failing and finding is None and _meta(name)["kind"] == "gap":
            continue  # a documented limit: silent, never wrong
        if not failing:
            assert finding is None, f"TF restored at {site}; scopelint: {finding['message']}"
            continue
        assert finding is not None, f"TF could not restore at {site} ({seen}); scopelint says nothing"
        message = finding["message"]
        for key in seen["missing"]:
            assert re.search(rf"(?<![\w/]){re.escape(key)}(?![\w/])", message), (key, message)
        for key, mine, theirs in seen["shapes"]:
            assert f"'{key}' has shape {_shape(mine)} here and {_shape(theirs)}" in message, message
        for key, mine, theirs in seen["dtypes"]:
            assert f"'{key}' has dtype {mine} here and {theirs}" in message, message
        for error in seen["errors"]:
            named = re.match(r"ValueError: Tensor (\S+) ", error)
            if named:
                assert named.group(1) in message, (error, message)
    unexplained = [f for key, f in at.items() if key not in sites]
    assert not unexplained, f"findings where TF made no restore: {unexplained}"


@pytest.mark.parametrize("name", NAMES)
def test_bug_projects_are_caught_and_correct_ones_run(runs, name):
    meta = _meta(name)
    _copy, tf, findings = runs[name]
    if meta["kind"] == "gap":
        assert any(error for error in tf["scripts"].values()), "the gap is real: TF fails"
        assert findings == [], "the analysis cannot know this one"
    elif meta["kind"] == "correct":
        assert all(error is None for error in tf["scripts"].values()), tf["scripts"]
        assert tf["restores"], "a correct project still restores something"
        assert findings == []
    else:
        assert any(error for error in tf["scripts"].values()), "a bug project fails under TF"
        assert findings, "no SCO112 finding"
        if meta.get("cause"):
            assert any(meta["cause"] in f["message"] for f in findings), [f["message"] for f in findings]


def _against_checkpoint(copy: Path, script: str, ckpt: str) -> list:
    lint = subprocess.run(
        [sys.executable, "-m", "scopelint", "--no-cache", "--format", "json", "--checkpoint", ckpt, script],
        capture_output=True, text=True, cwd=copy, timeout=300,
    )  # fmt: skip
    assert lint.returncode in (0, 1), lint.stderr
    return [f for f in json.loads(lint.stdout) if f["code"] == "SCO112"]


@pytest.mark.parametrize("name", [n for n in NAMES if len(_meta(n)["scripts"]) > 1])
def test_checkpoint_option_checks_a_restore_against_the_real_file(runs, name):
    """`scopelint --checkpoint PATH script` on the restoring script alone,
    PATH the checkpoint TF read: the same keys are named (or none)."""
    copy, tf, _findings = runs[name]
    for r in tf["restores"]:
        if r["script"] == _meta(name)["scripts"][0] or not isinstance(r["path"], str):
            continue
        found = [f for f in _against_checkpoint(copy, r["script"], r["path"]) if f["line"] == r["site"][1]]
        missing = set(r.get("missing") or ())
        if _meta(name)["kind"] == "gap" or not (missing or r.get("shapes") or r.get("error")):
            assert found == [], found
            continue
        assert found, f"--checkpoint {r['path']}: no finding at {r['site']}"
        assert "(--checkpoint)" in found[0]["message"]
        for key in missing:
            assert re.search(rf"(?<![\w/]){re.escape(key)}(?![\w/])", found[0]["message"]), (key, found[0]["message"])


def test_corpus_has_each_kind():
    kinds = [_meta(n)["kind"] for n in NAMES]
    assert kinds.count("bug") >= 8 and kinds.count("correct") >= 8, kinds
