"""The running Python's standard library lints with zero internal errors,
the prefilter off so that every file is parsed and analysed.

CI lints a sample: the files most likely to break a linter (bad codings,
bad syntax, grammar and tokenizer tests) and a stable spread of the rest.
The whole library:

    python -m bench.stdlib                      # a report, all CPUs
    SCOPELINT_STDLIB=all pytest tests/test_stdlib.py
    SCOPELINT_STDLIB=500 pytest tests/test_stdlib.py   # a larger sample
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # the standard library, file by file

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.stdlib import lint_one, stdlib_dir, stdlib_files  # noqa: E402

SAMPLE = os.environ.get("SCOPELINT_STDLIB", "80")
# Always in the sample when present: they exist to break tokenizers and parsers.
TRICKY = (
    "test/bad_coding.py", "test/bad_coding2.py", "test/bad_getattr.py", "test/badsyntax_3131.py",
    "test/badsyntax_future3.py", "test/badsyntax_pep3120.py", "test/test_grammar.py", "test/test_source_encoding.py",
    "test/test_unicode_identifiers.py", "test/test_fstring.py", "test/test_patma.py", "test/test_string_literals.py",
    "test/test_syntax.py", "test/test_exceptions.py", "test/test_compile.py", "test/test_tokenize.py",
    "test/tokenizedata/bad_coding.py", "test/tokenizedata/bad_coding2.py", "test/tokenizedata/badsyntax_3131.py",
    "test/tokenizedata/badsyntax_pep3120.py", "test/encoded_modules/module_koi8_r.py",
    "test/encoded_modules/module_iso_8859_1.py", "lib2to3/tests/data/py2_test_grammar.py",
    "lib2to3/tests/data/bom.py", "lib2to3/tests/data/crlf.py", "lib2to3/tests/data/different_encoding.py",
    "lib2to3/tests/data/false_encoding.py", "test/test_lib2to3/data/py2_test_grammar.py",
    "test/test_lib2to3/data/bom.py", "test/test_lib2to3/data/different_encoding.py",
    "test/test_lib2to3/data/false_encoding.py", "typing.py", "ast.py", "tokenize.py", "inspect.py",
    "dataclasses.py", "enum.py", "argparse.py",
    # Found by the whole-library run: "%c" % 10**6, a partial break in an unrolled loop.
    "test/test_format.py", "test/test_nntplib.py",
)


def _sample():
    files = stdlib_files()
    if SAMPLE == "all":
        return files
    lib = Path(stdlib_dir())
    tricky = [str(lib / t) for t in TRICKY if (lib / t).exists()]
    rest = sorted((f for f in files if f not in tricky), key=lambda f: hashlib.sha256(f.encode()).hexdigest())
    return tricky + rest[: int(SAMPLE)]


FILES = _sample()


@pytest.mark.parametrize("path", FILES, ids=[os.path.relpath(f, stdlib_dir()) for f in FILES])
def test_stdlib_file_lints_without_internal_error(path):
    _path, _seconds, outcome, codes, _notes = lint_one(path)
    assert not outcome.startswith("INTERNAL"), outcome
    # No standard module imports TensorFlow: nothing but SCO901 is possible.
    assert set(codes) <= {"SCO901"}


def test_the_sample_has_the_tricky_files():
    present = [t for t in TRICKY if (Path(stdlib_dir()) / t).exists()]
    assert len(present) >= 15, "the running Python's Lib/ lacks its test suite?"
