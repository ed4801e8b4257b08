#!/usr/bin/env bash
# The declared libcst minimum (pyproject.toml) must be a version the tests
# pass on: install exactly that version in a throwaway venv and run the
# tests that depend most on libcst (positions, the rules' examples, literals).
# Usage: bash tools/check-libcst-minimum.sh [VERSION]  (default: the declared minimum)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VERSION=${1:-$(sed -n 's/^ *"libcst>=\([0-9.]*\)".*/\1/p' pyproject.toml)}
[ -n "$VERSION" ] || { echo "no libcst minimum found in pyproject.toml" >&2; exit 2; }
VENV=$(mktemp -d "${TMPDIR:-/tmp}/scopelint-libcst-XXXXXX")
trap 'rm -rf "$VENV"' EXIT
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check "libcst==$VERSION" pathspec "tomli>=1.1; python_version < '3.11'" pytest
echo "libcst $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("libcst"))')"
PYTHONPATH=. exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/test_positions.py tests/test_rules.py tests/test_literals.py "${@:2}"
