"""Each rule's own examples (Fixit style): invalid ones are flagged on exactly
the lines they name, valid ones produce no finding at all."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import scopelint
from scopelint.rules import ALL_RULES, get_rule

ROOT = Path(__file__).resolve().parent.parent

INVALID = [(r, i, ex) for r in ALL_RULES for i, ex in enumerate(r.invalid)]
VALID = [(r, i, src) for r in ALL_RULES for i, src in enumerate(r.valid)]
ENGINE_RULES = [r for r in ALL_RULES if r.check is not None]


@pytest.mark.parametrize("rule,i,example", INVALID, ids=lambda v: getattr(v, "code", str(v)))
def test_invalid_example_is_flagged(rule, i, example):
    result = scopelint.lint_source(example.code, "example.py")
    lines = sorted({f.line for f in result.findings if f.code == rule.code})
    assert lines == sorted(example.lines), [(f.code, f.line, f.message) for f in result.findings]


@pytest.mark.parametrize("rule,i,source", VALID, ids=lambda v: getattr(v, "code", str(v)))
def test_valid_example_is_clean(rule, i, source):
    result = scopelint.lint_source(source, "example.py")
    assert result.findings == []


@pytest.mark.parametrize("rule", ENGINE_RULES, ids=lambda r: r.code)
def test_every_engine_rule_has_bad_and_good_examples(rule):
    assert rule.invalid and rule.valid
    for ex in rule.invalid:
        # 1xx claims a TF error, 2xx a name TF gives: the oracle tests check both.
        assert (ex.tf_error if rule.code.startswith("SCO1") else (ex.tf_name or ex.tf_error)), rule.code


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_doc_has_every_section(rule):
    doc = rule.doc()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety"):
        assert heading in doc
    assert get_rule(rule.code) is rule and get_rule(rule.name) is rule and get_rule(rule.code.lower()) is rule


def test_codes_and_names_are_unique_and_well_formed():
    codes = [r.code for r in ALL_RULES]
    names = [r.name for r in ALL_RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    for r in ALL_RULES:
        assert r.code.startswith("SCO") and r.code[3:].isdigit() and len(r.code) == 6
        assert r.name == r.name.lower() and " " not in r.name


def test_generated_rule_docs_are_up_to_date():
    sys.path.insert(0, str(ROOT / "tools"))
    import gen_rule_docs

    stale = [str(p.relative_to(ROOT)) for p, text in gen_rule_docs.render_all().items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"run `python tools/gen_rule_docs.py`; stale: {stale}"
