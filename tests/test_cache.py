"""The result cache (.scopelint_cache/), through the real `scopelint` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import (  # noqa: E402
    CLEAN_SOURCE,
    FLAKE8,
    PARSE_ERROR_SOURCE,
    SCOPELINT,
    clean_env,
    hook_env,
    scopelint,
    write,
)

import scopelint as scopelint_pkg  # noqa: E402
from scopelint import cache as cache_mod  # noqa: E402
from scopelint.results import Finding, LintResult  # noqa: E402


def _entries(cache_dir: Path):
    return sorted(p for p in cache_dir.rglob("*.json"))


def test_cache_is_created_with_gitignore_and_reused(tmp_path):
    write(tmp_path, "a.py", PARSE_ERROR_SOURCE)
    write(tmp_path, "plain.py", CLEAN_SOURCE)  # no TensorFlow: never parsed, never cached
    first = scopelint("--format", "concise", ".", cwd=tmp_path)
    cache_dir = tmp_path / ".scopelint_cache"
    assert (cache_dir / ".gitignore").read_text() == "*\n"
    assert (cache_dir / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    entries = _entries(cache_dir)
    assert len(entries) == 1
    # The cached result is what the second run reports: prove it by editing it.
    data = json.loads(entries[0].read_text())
    data["findings"][0][4] = "served from the cache"
    entries[0].write_text(json.dumps(data))
    second = scopelint("--format", "concise", ".", cwd=tmp_path)
    assert first.returncode == second.returncode == 1
    assert second.out == "a.py:2:1: SCO901 served from the cache\n"
    # Keyed by content, not path: a copy hits too, under its own name.
    write(tmp_path, "copy.py", PARSE_ERROR_SOURCE)
    third = scopelint("--format", "concise", "copy.py", cwd=tmp_path)
    assert third.out == "copy.py:2:1: SCO901 served from the cache\n"
    # --no-cache neither reads nor writes it.
    fresh = scopelint("--format", "concise", "--no-cache", "a.py", cwd=tmp_path)
    assert fresh.out == first.out


def test_broken_entry_is_a_miss(tmp_path):
    write(tmp_path, "a.py", PARSE_ERROR_SOURCE)
    first = scopelint("a.py", cwd=tmp_path)
    (entry,) = _entries(tmp_path / ".scopelint_cache")
    entry.write_text('{"findings": [[1, ')
    second = scopelint("a.py", cwd=tmp_path)
    assert (second.returncode, second.out, second.err) == (1, first.out, "")
    assert json.loads(entry.read_text())["findings"][0][0] == 2  # rewritten whole


def test_no_cache_and_cache_dir(tmp_path):
    write(tmp_path, "a.py", PARSE_ERROR_SOURCE)
    p = scopelint("--no-cache", "a.py", cwd=tmp_path)
    assert p.returncode == 1
    assert not (tmp_path / ".scopelint_cache").exists()
    p = scopelint("--cache-dir", "elsewhere/c", "a.py", cwd=tmp_path)
    assert p.returncode == 1
    assert not (tmp_path / ".scopelint_cache").exists()
    assert len(_entries(tmp_path / "elsewhere" / "c")) == 1
    assert (tmp_path / "elsewhere" / "c" / ".gitignore").read_text() == "*\n"


def test_cache_lives_next_to_the_config_file(tmp_path):
    write(tmp_path, "proj/pyproject.toml", "[tool.scopelint]\n")
    write(tmp_path, "proj/src/a.py", PARSE_ERROR_SOURCE)
    p = scopelint("proj/src", cwd=tmp_path)
    assert p.returncode == 1
    assert len(_entries(tmp_path / "proj" / ".scopelint_cache")) == 1
    assert not (tmp_path / ".scopelint_cache").exists()


def test_unwritable_cache_does_not_fail_the_run(tmp_path):
    write(tmp_path, "a.py", PARSE_ERROR_SOURCE)
    write(tmp_path, "blocker", "a file where the cache directory should be\n")
    p = scopelint("--format", "concise", "--cache-dir", "blocker/cache", "a.py", cwd=tmp_path)
    assert (p.returncode, p.err) == (1, "")
    assert p.out.startswith("a.py:2:1: SCO901")


def test_concurrent_runs_share_the_cache_safely(tmp_path):
    for i in range(40):
        write(tmp_path, f"m{i:02d}.py", PARSE_ERROR_SOURCE + f"# variant {i}\n")
    procs = [
        subprocess.Popen([SCOPELINT, "--format", "concise", "--jobs", "2", "."], cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env())
        for _ in range(4)
    ]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert {r[0] for r in results} == {1}
    assert {r[2] for r in results} == {b""}
    assert len({r[1] for r in results}) == 1
    assert results[0][1].count(b"SCO901") == 40
    cache_dir = tmp_path / ".scopelint_cache"
    assert len(_entries(cache_dir)) == 40
    assert not [p for p in cache_dir.rglob(".tmp-*")]  # no temp file left behind
    again = scopelint("--format", "concise", ".", cwd=tmp_path)
    assert again.out.encode() == results[0][1]


# --- keys (in-process) ------------------------------------------------------

def test_fingerprint_covers_version_and_analysis_options(monkeypatch):
    base = cache_mod.fingerprint(names=False)
    assert cache_mod.fingerprint(names=True) != base
    monkeypatch.setattr(scopelint_pkg, "__version__", "999.0")
    assert cache_mod.fingerprint(names=False) != base


def test_round_trip_restores_paths(tmp_path):
    c = cache_mod.Cache(str(tmp_path), "fp")
    key = cache_mod.content_key(b"data")
    c.put(key, LintResult("old.py", findings=[Finding("old.py", 1, 2, "SCO901", "parse-error", "m \udcff")]))
    got = c.get(key, "new.py")
    assert got.findings == [Finding("new.py", 1, 2, "SCO901", "parse-error", "m \udcff")]
    assert c.get(cache_mod.content_key(b"other"), "x.py") is None


def test_entry_is_valid_only_while_its_dependencies_hash_the_same(tmp_path):
    dep = tmp_path / "helpers.py"
    dep.write_bytes(b"def build(): pass\n")
    c = cache_mod.Cache(str(tmp_path / "cache"), "fp")
    key = cache_mod.content_key(b"import helpers\n")
    result = LintResult("m.py", findings=[Finding("m.py", 1, 1, "SCO101", "duplicate-variable", "m")],
                        dependencies=[(str(dep), cache_mod.file_hash(str(dep)))])
    c.put(key, result)
    assert cache_mod.Cache(str(tmp_path / "cache"), "fp").get(key, "m.py").findings == result.findings
    dep.write_bytes(b"def build(): return 1\n")
    assert cache_mod.Cache(str(tmp_path / "cache"), "fp").get(key, "m.py") is None
    dep.unlink()
    assert cache_mod.Cache(str(tmp_path / "cache"), "fp").get(key, "m.py") is None


def test_killed_writers_temporary_files_are_removed(tmp_path):
    c = cache_mod.Cache(str(tmp_path), "fp")
    c.put(cache_mod.content_key(b"x"), LintResult("x.py"))
    for pid in (11, 12, 13):
        (Path(c.bucket) / f".tmp-{pid}-abc").write_text("{partial")
    c.remove_temp_files([11, 12])
    assert sorted(p.name for p in Path(c.bucket).glob(".tmp-*")) == [".tmp-13-abc"]


# --- the flake8 plugin shares the command's cache ------------------------------------

def test_flake8_plugin_reads_and_writes_the_commands_cache(tmp_path):
    write(tmp_path, ".git/HEAD", "")
    write(tmp_path, "a.py", "import tensorflow as tf  # FAKE SCO901 1:1 from the analysis\n")
    env = hook_env()
    p = scopelint("--format", "concise", "a.py", cwd=tmp_path, env=env)
    assert p.out == "a.py:1:1: SCO901 from the analysis\n"
    (entry,) = _entries(tmp_path / ".scopelint_cache")
    data = json.loads(entry.read_text())
    data["findings"][0][4] = "served from the cache"
    entry.write_text(json.dumps(data))
    # flake8 finds the entry the command wrote (same key, same directory) ...
    f8 = subprocess.run([FLAKE8, "--isolated", "--select", "SCO", "a.py"], cwd=tmp_path, capture_output=True,
                        text=True, env=env)
    assert f8.stdout == "a.py:1:1: SCO901 served from the cache\n", f8.stderr
    # ... and writes entries the command reads.
    write(tmp_path, "b.py", "import tensorflow as tf  # FAKE SCO901 1:1 b\n")
    subprocess.run([FLAKE8, "--isolated", "--select", "SCO", "b.py"], cwd=tmp_path, capture_output=True, env=env)
    assert len(_entries(tmp_path / ".scopelint_cache")) == 2
    f8 = subprocess.run([FLAKE8, "--isolated", "--select", "SCO", "--scopelint-no-cache", "a.py"], cwd=tmp_path,
                        capture_output=True, text=True, env=env)
    assert f8.stdout == "a.py:1:1: SCO901 from the analysis\n"
    other = tmp_path / "elsewhere"
    f8 = subprocess.run([FLAKE8, "--isolated", "--select", "SCO", f"--scopelint-cache-dir={other}", "a.py"],
                        cwd=tmp_path, capture_output=True, text=True, env=env)
    assert f8.stdout == "a.py:1:1: SCO901 from the analysis\n" and len(_entries(other)) == 1
