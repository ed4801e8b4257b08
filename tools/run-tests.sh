#!/usr/bin/env bash
# Set up a virtual environment with everything the tests need (including real
# TensorFlow, the judge of every prediction), then run the whole suite.
# Extra arguments go to pytest; `-m "not slow"` is the fast loop.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=${SCOPELINT_VENV:-.venv}
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[test,oracle,dev]'
# Legacy tf.layers / tf.nn.rnn_cell (tf-keras) and tf.contrib.slim (tf-slim),
# without their dependency on the full GPU `tensorflow` package.
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps tf-keras tf-slim
exec "$VENV/bin/python" -m pytest "$@"
