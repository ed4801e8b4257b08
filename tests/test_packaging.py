"""Packaging as a user meets it: `python -m build` makes a wheel and an
sdist that install and run in a fresh virtual environment, and the steps
of the GitHub Action in action.yml run as written.

Everything is installed with `--no-index` from a folder of wheels (the
built ones and their dependencies, fetched once with `pip download`, which
pip's cache answers after the first run), so only what was built can be
installed. Marked `slow` (about a minute); still in the default run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import REPO, clean_env  # noqa: E402

import scopelint  # noqa: E402

pytestmark = pytest.mark.slow

EXAMPLE = "examples/seed0_name_scope_vs_get_variable.py"


def _run(args, cwd, env=None, timeout=600):
    proc = subprocess.run([str(a) for a in args], cwd=str(cwd), capture_output=True, text=True,
                          env=env or clean_env(), timeout=timeout)
    return proc


def _source_copy(dest: Path) -> Path:
    """The project's files as a checkout has them (tracked and new, not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True).stdout.split(b"\0")
    for rel in filter(None, listed):
        src = REPO / os.fsdecode(rel)
        if src.is_file():
            target = dest / os.fsdecode(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(source copy, folder with the built wheel and sdist and every dependency's wheel)."""
    root = tmp_path_factory.mktemp("packaging")
    source = _source_copy(root / "src")
    wheels = root / "wheels"
    # --no-isolation: the build backend (setuptools >= 77) is in the test extra.
    p = _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", wheels, source], root)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "SetuptoolsDeprecationWarning" not in p.stdout + p.stderr  # e.g. the old `license` table
    version = scopelint.__version__
    assert sorted(f.name for f in wheels.iterdir()) == [
        f"scopelint-{version}-py3-none-any.whl", f"scopelint-{version}.tar.gz"]
    wheel = wheels / f"scopelint-{version}-py3-none-any.whl"
    # The wheel's dependencies, and a build backend for installing the sdist.
    p = _run([sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q", "--dest", wheels, wheel,
              "setuptools>=77"], root)
    assert p.returncode == 0, p.stderr
    return source, wheels


def _fresh_venv(path: Path) -> Path:
    venv.EnvBuilder(with_pip=True, clear=True).create(path)
    return path / "bin"


def _offline_env(wheels: Path, bin_dir: Path) -> dict:
    return clean_env(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheels), PIP_DISABLE_PIP_VERSION_CHECK="1",
                     PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", VIRTUAL_ENV=str(bin_dir.parent))


def _check_installed(bin_dir: Path, example_dir: Path, workdir: Path) -> None:
    p = _run([bin_dir / "scopelint", "--version"], workdir)
    assert p.stdout == f"scopelint {scopelint.__version__}\n"
    # The installed copy, not the source tree, answers.
    p = _run([bin_dir / "python", "-c", "import scopelint; print(scopelint.__file__)"], workdir)
    assert "site-packages" in p.stdout
    shutil.copy(example_dir / EXAMPLE, workdir / "model.py")
    p = _run([bin_dir / "scopelint", "--no-cache", "model.py"], workdir)
    assert p.returncode == 1, p.stdout + p.stderr
    assert "model.py:14:12: SCO201" in p.stdout
    p = _run([bin_dir / "scopelint", "rule", "SCO201"], workdir)
    assert p.returncode == 0 and "name-scope-ignored" in p.stdout


def test_wheel_installs_and_runs_in_a_fresh_venv(built, tmp_path):
    source, wheels = built
    bin_dir = _fresh_venv(tmp_path / "venv")
    p = _run([bin_dir / "python", "-m", "pip", "install", "scopelint"], tmp_path, _offline_env(wheels, bin_dir))
    assert p.returncode == 0, p.stdout + p.stderr
    assert re.search(r"Successfully installed .*scopelint-" + re.escape(scopelint.__version__), p.stdout)
    (tmp_path / "work").mkdir()
    _check_installed(bin_dir, source, tmp_path / "work")
    meta = _run([bin_dir / "python", "-c", "from importlib.metadata import metadata as m; "
                 "print(m('scopelint')['License-Expression'])"], tmp_path).stdout
    assert meta == "MIT\n"  # PEP 639, not the deprecated `license` table


def test_sdist_installs_and_runs_in_a_fresh_venv(built, tmp_path):
    source, wheels = built
    bin_dir = _fresh_venv(tmp_path / "venv")
    (sdist,) = wheels.glob("scopelint-*.tar.gz")
    p = _run([bin_dir / "python", "-m", "pip", "install", sdist], tmp_path, _offline_env(wheels, bin_dir))
    assert p.returncode == 0, p.stdout + p.stderr
    (tmp_path / "work").mkdir()
    _check_installed(bin_dir, source, tmp_path / "work")


def _expand(text: str, inputs: dict, github: dict) -> str:
    def value(match):
        scope, name = match.group(1), match.group(2)
        return {"inputs": inputs, "github": github}[scope][name]

    return re.sub(r"\$\{\{\s*(inputs|github)\.([\w-]+)\s*\}\}", value, text)


def _run_action(source: Path, wheels: Path, workspace: Path, bin_dir: Path, **given):
    """Run action.yml's steps as GitHub's runner does: inputs and `github.*`
    substituted, each `run:` in bash (`-e -o pipefail`) with the step's env."""
    yaml = pytest.importorskip("yaml")
    action = yaml.safe_load((source / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs.update(given)
    github = {"action_path": str(source), "workspace": str(workspace)}
    outputs = []
    for step in action["runs"]["steps"]:
        assert step["shell"] == "bash"
        env = _offline_env(wheels, bin_dir)
        env.update({k: _expand(str(v), inputs, github) for k, v in step.get("env", {}).items()})
        p = _run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", _expand(step["run"], inputs, github)],
                 workspace, env)
        outputs.append(p)
        if p.returncode != 0:
            break
    return outputs


def test_action_steps_run_locally(built, tmp_path):
    source, wheels = built
    workspace = tmp_path / "workspace"
    shutil.copytree(source / "examples", workspace / "examples")
    write_clean = workspace / "clean" / "ok.py"
    write_clean.parent.mkdir(parents=True)
    write_clean.write_text("import tensorflow as tf\nwith tf.variable_scope('a'):\n    w = tf.get_variable('w', [1])\n")
    # Default install: the action's own checkout (built from source, offline).
    bin_dir = _fresh_venv(tmp_path / "venv")
    install, lint = _run_action(source, wheels, workspace, bin_dir, args=EXAMPLE)
    assert install.returncode == 0, install.stdout + install.stderr
    assert lint.returncode == 1  # findings fail the step, as a linter in CI should
    assert lint.stdout.startswith(f"::warning file={EXAMPLE},line=14,col=12,title=SCO201::")
    # A clean tree passes; `install` may name a wheel (or a git URL).
    bin_dir = _fresh_venv(tmp_path / "venv2")
    (wheel,) = wheels.glob("scopelint-*.whl")
    install, lint = _run_action(source, wheels, workspace, bin_dir, args="clean", install=str(wheel))
    assert (install.returncode, lint.returncode, lint.stdout) == (0, 0, ""), lint.stderr
