"""`# noqa`, `# scopelint: noqa` and SCO902 unused-noqa."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "data" / "frontends"))
from frontend_support import SCO101_SOURCE, engine_test, hook_env, scopelint, write  # noqa: E402

from scopelint.noqa import filter_findings, parse  # noqa: E402
from scopelint.results import Finding  # noqa: E402

ALL = ("SCO101", "SCO102", "SCO201", "SCO901", "SCO902")


def _fake(*specs):
    """Source whose test-hook comments make lint_source return these findings."""
    return "".join(f"# FAKE {code} {line}:{col} msg\n" for code, line, col in specs)


def _lint(tmp_path, source, *args):
    write(tmp_path, "m.py", source)
    return scopelint("--format", "concise", *args, "m.py", cwd=tmp_path, env=hook_env())


# --- real program --------------------------------------------------------

def test_inline_noqa_blanket_and_specific(tmp_path):
    source = _fake(("SCO901", 6, 1), ("SCO901", 7, 1), ("SCO901", 8, 1), ("SCO901", 9, 1), ("SCO901", 10, 1))
    source += "x = 1  # noqa\n"  # line 6: blanket
    source += "x = 1  # NOQA:SCO901,E501\n"  # line 7: specific, flake8 spelling variants
    source += "x = 1  # noqa: SCO9\n"  # line 8: prefix
    source += "x = 1  # noqa: SCO101\n"  # line 9: another code: not suppressed
    source += "x = 1  #noqa\n"  # line 10: flake8 needs `# noqa`: not suppressed
    p = _lint(tmp_path, source)
    assert p.returncode == 1
    assert p.out == "m.py:9:1: SCO901 msg\nm.py:10:1: SCO901 msg\n"


def test_file_level_noqa_anywhere_on_its_own_line(tmp_path):
    base = _fake(("SCO901", 1, 1), ("SCO901", 2, 1))
    p = _lint(tmp_path, base + "x = 1\n" * 20 + "   # scopelint: noqa\n")
    assert (p.returncode, p.out) == (0, "")
    p = _lint(tmp_path, base + "# scopelint:noqa: SCO9\n")
    assert (p.returncode, p.out) == (0, "")
    p = _lint(tmp_path, base + "# scopelint: noqa: SCO101\n")
    assert p.returncode == 1 and len(p.out.splitlines()) == 2
    # On a line with code it is not a file-level directive (flake8's rule).
    p = _lint(tmp_path, base + "x = 1  # scopelint: noqa\n")
    assert p.returncode == 1 and len(p.out.splitlines()) == 2


def test_noqa_on_real_parse_error_of_undecodable_file(tmp_path):
    # SCO901 for a bad byte is reported where the byte is (line 2, column 6);
    # the file cannot be decoded, yet its noqa comment is still read.
    write(tmp_path, "m.py", b"import tensorflow as tf\nx = '\xff'  # noqa: SCO901\n")
    p = scopelint("-q", "m.py", cwd=tmp_path)
    assert (p.returncode, p.out) == (0, "")
    # A noqa on another line does not suppress it.
    write(tmp_path, "m.py", b"import tensorflow as tf  # noqa: SCO901\nx = '\xff'\n")
    p = scopelint("--format", "concise", "m.py", cwd=tmp_path)
    assert p.returncode == 1 and p.out.startswith("m.py:2:6: SCO901 cannot decode")


def test_unused_noqa_is_opt_in_and_explains_each_code(tmp_path):
    source = (
        "# FAKE SCO901 5:1 msg\n"
        "\n\n\n"
        "x = 1  # noqa: SCO901\n"  # line 5: used
        "x = 1  # noqa: SCO901,SCO9999,E501\n"  # line 6: unused + unknown; E501 is not ours
        "x = 1  # noqa\n"  # line 7: blanket: may be meant for another tool
    )
    p = _lint(tmp_path, source)
    assert (p.returncode, p.out) == (0, "")
    p = _lint(tmp_path, source, "--extend-select", "SCO902")
    assert p.returncode == 1
    assert p.out == (
        "m.py:6:8: SCO902 unused `noqa` code: SCO901 (no such finding on this line); "
        "unknown `noqa` code: SCO9999\n"
    )
    # `# noqa: SCO902` on the line silences it; so does ignoring it.
    p = _lint(tmp_path, source.replace("SCO9999,E501", "SCO902"), "--extend-select", "SCO902")
    assert (p.returncode, p.out) == (0, "")
    # A code switched off by --ignore is "not enabled".
    p = _lint(tmp_path, source.replace(",SCO9999", ""), "--extend-select", "SCO902", "--ignore", "SCO901")
    assert p.out.splitlines() == [f"m.py:{n}:8: SCO902 `noqa` code not enabled: SCO901" for n in (5, 6)]


def test_unused_noqa_on_real_parse_error_file(tmp_path):
    write(tmp_path, "m.py", "import tensorflow as tf  # noqa: SCO901\nprint tf\n")
    p = scopelint("--format", "concise", "--extend-select", "SCO902", "m.py", cwd=tmp_path)
    assert p.returncode == 1
    lines = p.out.splitlines()
    assert lines[0] == "m.py:1:26: SCO902 unused `noqa` code: SCO901 (no such finding on this line)"
    assert lines[1].startswith("m.py:2:1: SCO901 ")


@engine_test
def test_e2e_noqa_on_real_finding(tmp_path):
    lines = SCO101_SOURCE.splitlines()
    lines[4] += "  # noqa: SCO101"
    write(tmp_path, "m.py", "\n".join(lines) + "\n")
    p = scopelint("-q", "--extend-select", "SCO902", "m.py", cwd=tmp_path)
    assert (p.returncode, p.out) == (0, "")
    lines[4] = lines[4].replace("SCO101", "SCO201")
    write(tmp_path, "m.py", "\n".join(lines) + "\n")
    p = scopelint("--format", "concise", "--extend-select", "SCO902", "m.py", cwd=tmp_path)
    assert p.returncode == 1
    assert [line.split(": ")[1].split()[0] for line in p.out.splitlines()] == ["SCO101", "SCO902"]


# --- parsing and filtering (in-process) ----------------------------------

def test_parse_follows_flake8_grammar():
    d = parse("a  # noqa\nb # noqa:SCO101, SCO2 trailing words\nc # NoQA : SCO1\nd # noqa:E501,W291\n")
    assert d.inline[1].codes is None
    assert d.inline[2].codes == ("SCO101", "SCO2")
    assert d.inline[3].codes is None  # flake8: a space before the colon makes it blanket
    assert d.inline[4].codes == ("E501", "W291")
    assert (d.file_all, d.file_codes) == (False, ())
    d = parse("# scopelint: noqa: SCO101,SCO2\n")
    assert (d.file_all, d.file_codes, d.inline) == (False, ("SCO101", "SCO2"), {})
    assert parse("#scopelint=NOQA\n").file_all


def test_parse_counts_lines_like_python():
    # \f and U+2028 are not line ends for Python (str.splitlines() thinks so).
    d = parse("a = '\u2028'\fb\r\nc\rd  # noqa: SCO101\n")
    assert list(d.inline) == [3]


def test_filter_applies_selection_then_noqa():
    def f(line, code):
        return Finding("p.py", line, 1, code, "n", "m")

    text = "a\nb  # noqa: SCO101\nc  # noqa: SCO2,SCO777\n"
    findings = [f(1, "SCO101"), f(2, "SCO101"), f(2, "SCO201"), f(3, "SCO201"), f(3, "SCO102")]
    kept = filter_findings(findings, text, frozenset({"SCO101", "SCO201"}), ALL, "p.py")
    assert [(x.line, x.code) for x in kept] == [(1, "SCO101"), (2, "SCO201")]
    kept = filter_findings(findings, text, frozenset({"SCO101", "SCO201", "SCO902"}), ALL, "p.py")
    assert [(x.line, x.code) for x in kept] == [(1, "SCO101"), (2, "SCO201"), (3, "SCO902")]
    assert kept[-1].message == "unknown `noqa` code: SCO777"
