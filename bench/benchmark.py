"""scopelint's speed next to flake8 (and ruff, if installed), in one run.

    python -m bench.benchmark [--repeat 3] [--only real|generated|plain]
                              [--no-download] [--keep DIR] [--corpus DIR]

It builds a corpus in a temporary directory (or reads --corpus: a tree with
`real/`, `generated/` and `plain/` sub-trees):

- `real/`: released TF1 code bases as published on PyPI (bench/realcode.py:
  tensor2tensor, sonnet 1, stable-baselines, tensorpack, magenta, ... about
  520,000 lines, TF and non-TF files mixed as in any real tree), downloaded
  once and kept in ~/.cache/scopelint-bench (--no-download leaves it out);
- `generated/`: TF1 modules generated from realistic templates (the programs
  in examples/ and tests/programs/: builders, models, training scripts,
  correct and buggy), several templates per module with their functions and
  scope names renamed, about --tf-lines lines: every file uses the APIs
  scopelint models, the worst case for it;
- `plain/`: Python without TensorFlow: a stable selection of the running
  interpreter's standard library (Lib/, tests excluded), about
  --stdlib-lines lines.

and times, on each tree:

- scopelint cold (--no-cache) with --jobs 1 and with the default jobs,
- scopelint warm (a second run over the unchanged tree, cache on),
- flake8 with its default checks only (the scopelint plugin hidden),
- flake8 with the scopelint plugin (what users of the plugin run), cold
  (its cache emptied before each run) and warm (a second run over the
  unchanged tree: what an editor re-running flake8 on save costs), and
  flake8 --select SCO (only the plugin's codes reported, cold),
- ruff check (if a `ruff` executable is found),

printing wall time (median of --repeat runs), files/s, lines/s and the
peak memory of the largest process, then the ratios against the targets:
cold <= 0.5x flake8, warm <= 0.1x cold, the plugin adds <= 5% to flake8
on files without TensorFlow, and with a warm cache on every tree.
`--commands flake8` measures only the commands whose label contains
`flake8` (repeatable). docs/performance.md holds figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# --- the corpus ------------------------------------------------------------------


def _templates() -> List[str]:
    files = sorted(ROOT.glob("examples/*.py")) + sorted(ROOT.glob("tests/programs/**/*.py"))
    out = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        if "tensorflow" in text:
            out.append(text)
    return out


_DEF = re.compile(r"^(\s*)(def|class) (\w+)", re.M)
_SCOPE = re.compile(r"""((?:variable_scope|name_scope|scope=|name=)\s*\(?\s*)(['"])(\w+)\2""")


def _rename(text: str, tag: str) -> str:
    """Give a template's top-level functions, classes and scope names a
    per-copy suffix, so that copies in one module do not collide."""
    names = {m.group(3) for m in _DEF.finditer(text) if not m.group(1)}
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", f"{name}_{tag}", text)
    return _SCOPE.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}_{tag}{m.group(2)}", text)


def build_tf_tree(dest: Path, target_lines: int, seed: int = 6) -> Tuple[int, int]:
    """Modules of 3-9 renamed templates each (100-700 lines, as real
    modules), until `target_lines`. Returns (files, lines)."""
    rng = random.Random(seed)
    templates = _templates()
    files = lines = 0
    while lines < target_lines:
        parts = []
        for j in range(rng.randint(3, 9)):
            parts.append(_rename(rng.choice(templates), f"m{files}_{j}"))
        text = '"""Generated from scopelint\'s example programs (bench/benchmark.py)."""\n' + "\n\n".join(parts)
        package = dest / f"pkg{files // 40}"
        package.mkdir(parents=True, exist_ok=True)
        (package / f"model_{files}.py").write_text(text, encoding="utf-8")
        files += 1
        lines += text.count("\n")
    return files, lines


def build_plain_tree(dest: Path, target_lines: int) -> Tuple[int, int]:
    """A stable selection of the standard library's modules (no tests)."""
    import sysconfig

    lib = Path(sysconfig.get_paths()["stdlib"])
    candidates = []
    for path in sorted(lib.rglob("*.py")):
        rel = path.relative_to(lib)
        if rel.parts[0] in ("test", "site-packages", "idlelib", "lib2to3", "tkinter", "turtledemo") or "tests" in rel.parts:
            continue
        candidates.append((path, rel))
    # Every third module, in path order, until the target: a spread of Lib/.
    files = lines = 0
    for path, rel in candidates[::3]:
        if lines >= target_lines:
            break
        data = path.read_bytes()
        if b"tensorflow" in data:
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files += 1
        lines += data.count(b"\n")
    return files, lines


def count(tree: Path) -> Tuple[int, int]:
    files = lines = 0
    for f in tree.rglob("*.py"):
        files += 1
        lines += f.read_bytes().count(b"\n")
    return files, lines


# --- measuring -------------------------------------------------------------------

# flake8 without the scopelint plugin: the entry point is hidden from
# flake8's plugin finder (installing scopelint would otherwise add it).
FLAKE8_WITHOUT_PLUGIN = """\
import sys
import flake8.plugins.finder as finder
_orig = finder.find_plugins
def find_plugins(*args, **kwargs):
    return [p for p in _orig(*args, **kwargs) if p.package != "scopelint"]
finder.find_plugins = find_plugins
from flake8.main.cli import main
sys.exit(main())
"""


def run_timed(argv: Sequence[str], cwd: Path, env: Optional[dict] = None) -> Tuple[float, float, float, int]:
    """(wall seconds, CPU seconds (user + system, the process and its
    children), peak RSS in MB of the largest process, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(argv), cwd=str(cwd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def measure(argv: Sequence[str], cwd: Path, repeat: int, setup: Optional[Sequence[str]] = None,
            env: Optional[dict] = None) -> Tuple[float, float, float, int]:
    walls, cpus, peaks, code = [], [], [], 0
    for _ in range(repeat):
        if setup:
            subprocess.run(list(setup), cwd=str(cwd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        wall, cpu, peak, code = run_timed(argv, cwd, env)
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak)
    return statistics.median(walls), statistics.median(cpus), max(peaks), code


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
    except OSError:
        pass
    return f"{cpus} CPUs ({cpu}){mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def versions() -> str:
    out = []
    for cmd in ([str(BIN / "scopelint"), "--version"], [str(BIN / "flake8"), "--version"]):
        try:
            out.append(subprocess.run(cmd, capture_output=True, text=True).stdout.strip().replace("\n", " "))
        except OSError:
            pass
    ruff = find_ruff()
    if ruff:
        out.append(subprocess.run([ruff, "--version"], capture_output=True, text=True).stdout.strip())
    return "; ".join(out)


def find_ruff() -> Optional[str]:
    for candidate in (BIN / "ruff", shutil.which("ruff")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


# --- the run -----------------------------------------------------------------------


TREES = ("real", "generated", "plain")


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.benchmark", description=__doc__.split("\n\n")[0])
    p.add_argument("--tf-lines", type=int, default=60_000, help="lines of generated TF1 modules (default 60000)")
    p.add_argument("--stdlib-lines", type=int, default=70_000, help="lines of standard library (default 70000)")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is shown (default 3)")
    p.add_argument("--corpus", type=Path, help="use this tree (with real/, generated/, plain/) instead of building one")
    p.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    p.add_argument("--no-download", action="store_true", help="leave out the real/ tree (it is fetched from PyPI)")
    p.add_argument("--only", choices=TREES, action="append", help="trees to measure (default: all)")
    p.add_argument("--commands", action="append", metavar="TEXT",
                   help="measure only the commands whose label contains TEXT (repeatable; default: all)")
    args = p.parse_args(argv)

    tmp = None
    wanted = list(args.only or TREES)
    if args.no_download and "real" in wanted:
        wanted.remove("real")
    if args.corpus:
        corpus = args.corpus
    else:
        corpus = args.keep or Path(tmp := tempfile.mkdtemp(prefix="scopelint-bench-"))
        if corpus.exists():
            shutil.rmtree(corpus)
        print(f"building the corpus in {corpus} ...", flush=True)
        if "real" in wanted:
            from bench.realcode import build_real_tree

            try:
                build_real_tree(corpus / "real")
            except (OSError, RuntimeError) as exc:
                print(f"  real/ left out: {exc}", flush=True)
                wanted.remove("real")
        if "generated" in wanted:
            build_tf_tree(corpus / "generated", args.tf_lines)
        if "plain" in wanted:
            build_plain_tree(corpus / "plain", args.stdlib_lines)
    # No configuration file above the corpus may change either tool.
    (corpus / "setup.cfg").write_text("[flake8]\n")
    (corpus / "pyproject.toml").write_text("[tool.scopelint]\n")
    trees = {name: corpus / name for name in wanted if (corpus / name).is_dir()}
    sizes = {name: count(path) for name, path in trees.items()}
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    scopelint = str(BIN / "scopelint")
    flake8 = str(BIN / "flake8")
    cache = corpus.parent / f".{corpus.name}-scopelint-cache"
    # The plugin's cache (shared with the command's in real use; kept apart
    # here so that each measurement starts from the state it names).
    plugin_cache = corpus.parent / f".{corpus.name}-plugin-cache"
    plugin = [flake8, f"--scopelint-cache-dir={plugin_cache}", "."]
    empty_plugin_cache = [sys.executable, "-c", f"import shutil; shutil.rmtree({str(plugin_cache)!r}, True)"]
    commands: Dict[str, Tuple[List[str], Optional[List[str]]]] = {
        "scopelint cold --jobs 1": ([scopelint, "--no-cache", "--jobs", "1", "-q", "."], None),
        "scopelint cold (default jobs)": ([scopelint, "--no-cache", "-q", "."], None),
        "scopelint warm (cache)": ([scopelint, "--cache-dir", str(cache), "-q", "."],
                                   [scopelint, "--cache-dir", str(cache), "-q", "."]),
        "flake8 (default checks, no plugin)": ([sys.executable, "-c", FLAKE8_WITHOUT_PLUGIN, "."], None),
        "flake8 + scopelint plugin, cold": (plugin, empty_plugin_cache),
        "flake8 + scopelint plugin, warm": (plugin, plugin),
        "flake8 --select SCO, cold": ([flake8, "--select", "SCO", "--scopelint-no-cache", "."], None),
    }
    ruff = find_ruff()
    if ruff:
        commands["ruff check (default rules)"] = ([ruff, "check", "--no-cache", "--exit-zero", "."], None)
    if args.commands:
        commands = {k: v for k, v in commands.items() if any(text in k for text in args.commands)}

    print(f"machine: {machine()}")
    print(f"tools: {versions()}")
    print(f"corpus: {corpus}")
    for name, (files, lines) in sizes.items():
        print(f"  {name:9} {files:5d} files {lines:8,d} lines")
    print(f"each figure: median of {args.repeat} run(s), the commands taking turns; "
          "memory: peak RSS of the largest process\n")

    # (wall s, CPU s, peak MB) per (command, tree).
    results: Dict[Tuple[str, str], Tuple[float, float, float]] = {}
    header = f"{'command':38} {'tree':9} {'wall s':>8} {'CPU s':>8} {'files/s':>9} {'lines/s':>10} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    for tree in trees:
        files, lines = sizes[tree]
        for stale in (cache, plugin_cache):
            if stale.exists():
                shutil.rmtree(stale)
        # Round-robin: each repeat runs every command once, so a shared
        # machine's load drifting over minutes weighs on all of them alike.
        runs: Dict[str, List[Tuple[float, float, float]]] = {label: [] for label in commands}
        for _ in range(args.repeat):
            for label, (argv, setup) in commands.items():
                wall, cpu, peak, _code = measure(argv, trees[tree], 1, setup, env)
                runs[label].append((wall, cpu, peak))
        for label in commands:
            wall = statistics.median(r[0] for r in runs[label])
            cpu = statistics.median(r[1] for r in runs[label])
            peak = max(r[2] for r in runs[label])
            results[(label, tree)] = (wall, cpu, peak)
            print(f"{label:38} {tree:9} {wall:8.2f} {cpu:8.2f} {files / wall:9.0f} {lines / wall:10,.0f} {peak:8.0f}",
                  flush=True)
        print()
    for stale in (cache, plugin_cache):
        if stale.exists():
            shutil.rmtree(stale)

    def ratio(a: str, b: str, tree: str, measure_index: int) -> Optional[float]:
        if (a, tree) in results and (b, tree) in results:
            return results[(a, tree)][measure_index] / results[(b, tree)][measure_index]
        return None

    # Wall time is what a user waits for; CPU time is what a command costs,
    # and the only figure that stays comparable on a machine other jobs load.
    print("targets (wall time ratio, CPU time ratio):")
    rows = [
        ("scopelint cold (default jobs) / flake8 (default checks)", "scopelint cold (default jobs)",
         "flake8 (default checks, no plugin)", 0.5),
        ("scopelint cold --jobs 1 / flake8 (default checks)", "scopelint cold --jobs 1",
         "flake8 (default checks, no plugin)", None),
        ("scopelint warm / scopelint cold (default jobs)", "scopelint warm (cache)", "scopelint cold (default jobs)", 0.1),
        ("flake8 + plugin cold / flake8 (default checks)", "flake8 + scopelint plugin, cold",
         "flake8 (default checks, no plugin)", None),
        ("flake8 + plugin warm / flake8 (default checks)", "flake8 + scopelint plugin, warm",
         "flake8 (default checks, no plugin)", 1.05),
    ]
    for tree in trees:
        for text, a, b, target in rows:
            r_wall, r_cpu = ratio(a, b, tree, 0), ratio(a, b, tree, 1)
            if r_wall is None or r_cpu is None:
                continue
            if a.startswith("scopelint warm") and tree == "plain":
                continue  # no file there is parsed: cold is already the start-up time
            if a == "flake8 + scopelint plugin, cold":
                target = 1.05 if tree == "plain" else None  # cold, the target is on files without TensorFlow
            verdict = ""
            if target is not None:
                verdict = "  " + ", ".join(
                    f"{what} {'met' if r <= target else f'MISSED (target <= {target})'}"
                    for what, r in (("wall", r_wall), ("CPU", r_cpu))
                )
            print(f"  {tree:9} {text:58} {r_wall:6.2f}x {r_cpu:6.2f}x{verdict}")
    if tmp and not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
