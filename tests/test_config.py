"""`[tool.scopelint]` in pyproject.toml, through the real `scopelint` command."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import CLEAN_SOURCE, PARSE_ERROR_SOURCE, hook_env, scopelint, write  # noqa: E402

from scopelint.config import ConfigError, FileConfig, Selection, build_settings  # noqa: E402


def _pyproject(root: Path, body: str) -> None:
    write(root, "pyproject.toml", "[project]\nname = 'x'\n\n[tool.scopelint]\n" + body)


def _paths(out: str):
    return [line.split(":")[0] for line in out.splitlines()]


def test_ignore_and_select_from_config(tmp_path):
    write(tmp_path, "m.py", PARSE_ERROR_SOURCE)
    _pyproject(tmp_path, 'ignore = ["SCO9"]\n')
    p = scopelint("-q", "m.py", cwd=tmp_path)
    assert (p.returncode, p.out) == (0, "")
    # The command line overrides the file.
    p = scopelint("--ignore", "SCO1", "--format", "concise", "m.py", cwd=tmp_path)
    assert p.returncode == 1 and "SCO901" in p.out
    _pyproject(tmp_path, 'select = ["SCO1"]\nextend-select = ["parse-error"]\n')
    p = scopelint("--format", "concise", "m.py", cwd=tmp_path)
    assert p.returncode == 1 and "SCO901" in p.out
    # --select on the command line starts afresh (drops the file's extend-select).
    p = scopelint("-q", "--select", "SCO1", "m.py", cwd=tmp_path)
    assert (p.returncode, p.out) == (0, "")


def test_extend_select_enables_opt_in_rule(tmp_path):
    write(tmp_path, "m.py", "import tensorflow as tf  # noqa: SCO9999\nprint tf\n")
    p = scopelint("--format", "concise", "m.py", cwd=tmp_path)
    assert "SCO902" not in p.out
    _pyproject(tmp_path, 'extend-select = ["SCO902"]\n')
    p = scopelint("--format", "concise", "m.py", cwd=tmp_path)
    assert p.returncode == 1
    assert "m.py:1:26: SCO902 unknown `noqa` code: SCO9999" in p.out.splitlines()


def test_per_file_ignores(tmp_path):
    for rel in ["tests/test_a.py", "tests/deep/b.py", "src/legacy_x.py", "src/ok.py"]:
        write(tmp_path, rel, PARSE_ERROR_SOURCE)
    _pyproject(tmp_path, '[tool.scopelint.per-file-ignores]\n"tests/*" = ["SCO9"]\n"legacy_*.py" = ["parse-error"]\n')
    p = scopelint("--format", "concise", ".", cwd=tmp_path)
    assert p.returncode == 1
    assert _paths(p.out) == ["src/ok.py"]


def test_exclude_extend_exclude_and_respect_gitignore_from_config(tmp_path):
    for rel in ["a.py", "gen/g.py", "build/b.py", "ignored.py"]:
        write(tmp_path, rel, PARSE_ERROR_SOURCE)
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "ignored.py\n")
    _pyproject(tmp_path, 'extend-exclude = ["gen"]\n')
    assert _paths(scopelint("--format", "concise", cwd=tmp_path).out) == ["a.py"]
    _pyproject(tmp_path, 'exclude = ["gen"]\nrespect-gitignore = false\n')
    assert _paths(scopelint("--format", "concise", cwd=tmp_path).out) == ["a.py", "build/b.py", "ignored.py"]
    # CLI switches win over the file.
    assert _paths(scopelint("--format", "concise", "--respect-gitignore", cwd=tmp_path).out) == ["a.py", "build/b.py"]
    assert _paths(scopelint("--format", "concise", "--exclude", "build", cwd=tmp_path).out) == [
        "a.py", "gen/g.py", "ignored.py"]


def test_config_found_by_walking_up_from_the_linted_paths(tmp_path):
    project = tmp_path / "project"
    write(project, "pkg/sub/m.py", PARSE_ERROR_SOURCE)
    _pyproject(project, 'ignore = ["SCO901"]\n')
    # A pyproject.toml without [tool.scopelint] on the way is passed over.
    write(project, "pkg/pyproject.toml", "[project]\nname = 'inner'\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    p = scopelint("-q", str(project / "pkg" / "sub" / "m.py"), cwd=elsewhere)
    assert (p.returncode, p.out) == (0, "")
    p = scopelint("-q", str(project / "pkg"), cwd=elsewhere)
    assert (p.returncode, p.out) == (0, "")
    # With no path, from the current directory.
    p = scopelint("-q", cwd=project / "pkg" / "sub")
    assert (p.returncode, p.out) == (0, "")
    # --isolated ignores it; --config names one.
    p = scopelint("--isolated", str(project / "pkg"), cwd=elsewhere)
    assert p.returncode == 1
    write(elsewhere, "conf.toml", '[tool.scopelint]\nselect = ["SCO1"]\n')
    p = scopelint("-q", "--config", "conf.toml", str(project / "pkg"), cwd=elsewhere)
    assert (p.returncode, p.out) == (0, "")


def test_config_patterns_are_relative_to_the_config_file(tmp_path):
    write(tmp_path, "proj/gen/x.py", PARSE_ERROR_SOURCE)
    write(tmp_path, "proj/src/gen/y.py", PARSE_ERROR_SOURCE)
    _pyproject(tmp_path / "proj", 'extend-exclude = ["/gen"]\n')
    p = scopelint("--format", "concise", "proj", cwd=tmp_path)
    assert _paths(p.out) == ["proj/src/gen/y.py"]


@pytest.mark.parametrize("body,needle", [
    ('colour = "never"\n', "unknown key 'colour'"),
    ('select = "SCO1"\n', "'select' must be a list of strings, got str"),
    ('ignore = [1]\n', "'ignore' must be a list of strings"),
    ('respect-gitignore = "no"\n', "'respect-gitignore' must be true or false"),
    ('per-file-ignores = ["x"]\n', "'per-file-ignores' must be a table"),
    ('per-file-ignores = {"t/*" = "SCO1"}\n', "'per-file-ignores.t/*' must be a list of strings"),
    ('select = ["SCO7"]\n', "'select': unknown rule selector 'SCO7'"),
    ('extend-select = ["nonsense"]\n', "'extend-select': unknown rule selector 'nonsense'"),
    ('select = [\n', "invalid TOML"),
])
def test_bad_configuration_is_a_clear_error(tmp_path, body, needle):
    write(tmp_path, "m.py", CLEAN_SOURCE)
    _pyproject(tmp_path, body)
    p = scopelint("m.py", cwd=tmp_path)
    assert p.returncode == 2
    assert "pyproject.toml" in p.err and needle in p.err, p.err
    assert p.out == ""
    assert "Traceback" not in p.err


def test_missing_config_file_is_an_error(tmp_path):
    p = scopelint("--config", "nope.toml", ".", cwd=tmp_path)
    assert p.returncode == 2
    assert "nope.toml: cannot read" in p.err


def test_noqa_and_config_share_one_filter(tmp_path):
    # per-file-ignores makes a noqa code "not enabled" for SCO902.
    write(tmp_path, "t/m.py", "x = 1  # noqa: SCO901\n# FAKE SCO901 3:1 x\n")
    _pyproject(tmp_path, 'extend-select = ["SCO902"]\n[tool.scopelint.per-file-ignores]\n"t/*" = ["SCO901"]\n')
    p = scopelint("--format", "concise", ".", cwd=tmp_path, env=hook_env())
    assert p.out == "t/m.py:1:8: SCO902 `noqa` code not enabled: SCO901\n"
    assert p.returncode == 1


# --- the selection logic itself (in-process) --------------------------------

def _enabled(**kw):
    return build_settings(FileConfig(), **kw).selection.enabled


def test_selection_defaults_exclude_opt_in_rules():
    from scopelint.rules import ALL_RULES, default_codes

    assert _enabled() == default_codes()
    assert "SCO902" not in _enabled()
    assert _enabled(select=["SCO"]) == {r.code for r in ALL_RULES}
    assert _enabled(extend_select=["SCO902"]) == default_codes() | {"SCO902"}
    assert _enabled(ignore=["SCO"], extend_select=["SCO901"]) == {"SCO901"}


def test_selection_rejects_unknown_selectors():
    with pytest.raises(ConfigError, match="--ignore: unknown rule selector 'E501'"):
        _enabled(ignore=["E501"])
    assert Selection.build(None, (), ("SCO9",)).enabled.isdisjoint({"SCO901", "SCO902"})
