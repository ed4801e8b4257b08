"""Module resolution for whole-project analysis: found as Python's import
system would find it, never imported."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from scopelint.module_finder import ModuleFinder, import_roots, module_name_of, package_top, resolve_relative


def _tree(root, files: dict) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def test_roots_script_dir_package_top_and_src(tmp_path):
    _tree(tmp_path, {
        "pyproject.toml": "",
        "src/lib/__init__.py": "",
        "app/pkg/__init__.py": "",
        "app/pkg/sub/__init__.py": "",
        "app/pkg/sub/train.py": "",
    })
    script = tmp_path / "app/pkg/sub/train.py"
    roots = import_roots(str(script), src=[str(tmp_path / "app")], project_root=str(tmp_path))
    assert roots[0] == str(tmp_path / "app/pkg/sub")  # the script's own directory first
    assert str(tmp_path / "app") in roots  # the top of its package
    assert str(tmp_path / "src") in roots  # src/ layout
    assert len(roots) == len(set(roots))
    assert package_top(str(tmp_path / "app/pkg/sub")) == str(tmp_path / "app")
    assert package_top(str(tmp_path / "src")) is None
    assert module_name_of(str(script), [str(tmp_path / "app")]) == "pkg.sub.train"


def test_finder_modules_packages_and_namespace_portions(tmp_path):
    _tree(tmp_path, {
        "a/models.py": "",
        "a/pkg/__init__.py": "",
        "a/pkg/nets.py": "",
        "a/ns/one.py": "",
        "b/ns/two.py": "",
    })
    finder = ModuleFinder([str(tmp_path / "a"), str(tmp_path / "b")])
    assert finder.find("models").path == str(tmp_path / "a/models.py")
    pkg = finder.find("pkg")
    assert pkg.is_package and pkg.path.endswith(os.path.join("pkg", "__init__.py"))
    assert finder.find("pkg.nets").path == str(tmp_path / "a/pkg/nets.py")
    ns = finder.find("ns")
    assert ns.path is None and len(ns.search) == 2  # a namespace package spans roots
    assert finder.find("ns.two").path == str(tmp_path / "b/ns/two.py")
    assert finder.find("numpy") is None
    assert finder.find("pkg.missing") is None
    assert finder.find("models.x") is None  # a plain module has no submodules
    assert finder.find("bad-name") is None


@pytest.mark.parametrize(
    "importer, is_package, level, module, expected",
    [
        ("pkg.nets", False, 1, "layers", "pkg.layers"),
        ("pkg.nets", False, 1, None, "pkg"),
        ("pkg", True, 1, "nets", "pkg.nets"),
        ("pkg.sub.mod", False, 2, "common", "pkg.common"),
        ("pkg.nets", False, 3, "x", None),  # beyond the top-level package
        ("script", False, 1, "x", None),
    ],
)
def test_relative_imports_resolve_like_python(importer, is_package, level, module, expected):
    assert resolve_relative(importer, is_package, level, module) == expected


def test_relative_resolution_agrees_with_importlib(tmp_path):
    """The same answers as Python's own importlib.util.resolve_name."""
    import importlib.util

    cases = [("pkg.sub", 1, "x"), ("pkg.sub", 2, "y"), ("a.b.c", 2, "")]
    for package, level, name in cases:
        expected = importlib.util.resolve_name("." * level + name, package)
        got = resolve_relative(package, True, level, name or None)
        assert got == expected


def test_python_finds_what_the_finder_finds(tmp_path):
    """Run Python itself on the tree: the file it imports is the file found."""
    _tree(tmp_path, {
        "proj/train.py": "import pkg.nets, helpers\nprint(pkg.nets.__file__)\nprint(helpers.__file__)\n",
        "proj/helpers.py": "",
        "proj/pkg/__init__.py": "",
        "proj/pkg/nets.py": "",
    })
    script = tmp_path / "proj/train.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True,
                         cwd=str(tmp_path)).stdout.split()
    finder = ModuleFinder(import_roots(str(script)))
    assert [finder.find("pkg.nets").path, finder.find("helpers").path] == out
