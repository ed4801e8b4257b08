"""Released TF1 code bases, fetched from PyPI, as a corpus of real code.

    python -m bench.realcode [--dest DIR] [--downloads DIR] [--jobs N]

Downloads pinned releases of TF1-era libraries (`pip download --no-deps`,
kept in --downloads for the next run), unpacks their `*.py` files into
--dest (one folder per package) and lints the tree with scopelint,
printing every finding, the internal errors and parse errors, and how many
of the predicted variable names have parts the analysis could not know
(library functions analysed without their callers). This is the precision
sweep on real code: released libraries build their graphs, so a finding
there is a false positive until shown otherwise. `bench.benchmark` times
the same tree.

Nothing here runs in CI (it needs the network); the packages are only
read, never imported or installed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath
from typing import Dict, Iterator, List, Optional, Tuple

# TF1-era releases (graph-mode code: variable_scope, get_variable, tf.layers,
# slim, RNN cells, optimizers), about 520,000 lines in 2,060 files.
PACKAGES = (
    "tensor2tensor==1.15.7",
    "dm-sonnet==1.36",
    "stable-baselines==2.10.2",
    "tensorpack==0.11",
    "tflearn==0.5.0",
    "magenta==1.3.1",
    "tensorlayer==1.11.1",
    "gpflow==1.5.1",
    "edward==1.3.5",
    "trfl==1.1.0",
    "dopamine-rl==2.0.5",
    "adanet==0.8.0",
    "OpenNMT-tf==1.25.3",
    "texar==0.2.4",
    "tensorforce==0.4.4",
    "keras==2.2.4",
)

DEFAULT_DOWNLOADS = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "scopelint-bench"


def download(downloads: Path, packages=PACKAGES) -> List[Path]:
    """The archives of `packages` in `downloads`, fetched where missing."""
    downloads.mkdir(parents=True, exist_ok=True)
    archives = []
    for spec in packages:
        found = _archive_for(downloads, spec)
        if found is None:
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-q",
                   "-d", str(downloads), spec]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            found = _archive_for(downloads, spec)
            if found is None:
                raise RuntimeError(f"cannot download {spec}: {proc.stderr.strip().splitlines()[-1:] or proc.returncode}")
        archives.append(found)
    return archives


def _archive_for(downloads: Path, spec: str) -> Optional[Path]:
    name, version = spec.split("==")
    stem = name.lower().replace("-", "_")
    for path in sorted(downloads.iterdir()):
        low = path.name.lower().replace("-", "_")
        if low.startswith(f"{stem}_{version}") and path.name.endswith((".whl", ".tar.gz", ".zip")):
            return path
    return None


def _members(archive: Path) -> Iterator[Tuple[str, bytes]]:
    """(relative path, bytes) of every *.py in a wheel or sdist."""
    if archive.name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                if info.filename.endswith(".py") and not info.is_dir():
                    yield info.filename, zf.read(info)
    else:
        with tarfile.open(archive) as tf:
            for member in tf.getmembers():
                if member.isfile() and member.name.endswith(".py"):
                    handle = tf.extractfile(member)
                    if handle is not None:
                        yield member.name, handle.read()


def _safe(relative: str) -> Optional[PurePosixPath]:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    return path


def build_real_tree(dest: Path, downloads: Path = DEFAULT_DOWNLOADS) -> Tuple[int, int]:
    """Unpack every package's *.py under dest/<package>/. Returns (files, lines)."""
    files = lines = 0
    for archive in download(downloads):
        package = archive.name.split("-")[0].lower()
        for relative, data in _members(archive):
            path = _safe(relative)
            if path is None:
                continue
            target = dest / package / Path(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            files += 1
            lines += data.count(b"\n")
    return files, lines


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.realcode", description=__doc__.split("\n\n")[0])
    p.add_argument("--dest", type=Path, help="unpack here (default: a temporary directory)")
    p.add_argument("--downloads", type=Path, default=DEFAULT_DOWNLOADS, help=f"archives (default {DEFAULT_DOWNLOADS})")
    p.add_argument("--jobs", type=int, default=None, help="scopelint --jobs")
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="scopelint-real-") as tmp:
        dest = args.dest or Path(tmp)
        files, lines = build_real_tree(dest, args.downloads)
        print(f"{len(PACKAGES)} packages, {files:,} files, {lines:,} lines in {dest}")
        cmd = [sys.executable, "-m", "scopelint", "--no-cache", "--names", "--format", "json", "."]
        if args.jobs:
            cmd[3:3] = ["--jobs", str(args.jobs)]
        start = time.perf_counter()
        names_run = subprocess.run(cmd, cwd=dest, capture_output=True, text=True)
        cmd_findings = [sys.executable, "-m", "scopelint", "--no-cache", "--format", "concise", "."]
        findings_run = subprocess.run(cmd_findings, cwd=dest, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        records: List[Dict] = json.loads(names_run.stdout or "[]")
        findings = [line for line in findings_run.stdout.splitlines() if line.strip()]
        unknown = sum("?" in r["name"] for r in records)
        print(f"linted twice (names, findings) in {elapsed:.1f} s")
        print(f"predicted names: {len(records):,}; with unknown parts: {unknown:,} "
              f"({100.0 * unknown / max(len(records), 1):.0f}%)")
        print(f"findings: {len(findings)}")
        for line in findings:
            print("  " + line)
        problems = [line for line in findings_run.stderr.splitlines() if "internal error" in line or "error:" in line]
        print(f"errors reported on standard error: {len(problems)}")
        for line in problems[:20]:
            print("  " + line)
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
