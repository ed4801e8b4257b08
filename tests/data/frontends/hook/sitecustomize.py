"""Test-only fault and finding injection for the real `scopelint`/flake8
programs (put this directory on PYTHONPATH and set SCOPELINT_TEST_HOOK=1).

It wraps `scopelint.linter.lint_source` before the front ends import it:
- a source containing `CRASH-INTERNAL` raises InternalError (phase "analysis");
- a source containing `CRASH-UNEXPECTED` raises RuntimeError;
- a source containing `CRASH-EXIT` kills the process (a crash in native code);
- `# FAKE SCO901 L:C message` comments make it return those findings, so
  front-end behaviour (sorting, noqa, selection, formats) can be tested with
  several findings before the analysis engine exists.
Anything else goes to the real function.
"""

import os
import re

if os.environ.get("SCOPELINT_TEST_HOOK"):
    import scopelint.linter as _linter
    from scopelint.results import Finding, InternalError, LintResult

    _real = _linter.lint_source
    _FAKE = re.compile(r"#\s*FAKE (SCO\d+) (\d+):(\d+) ([^\n]*)")

    def lint_source(source, path="<stdin>", *, names=False, prefilter=True, **options):
        text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
        if "CRASH-INTERNAL" in text:
            raise InternalError(path, "analysis", ValueError("injected failure"))
        if "CRASH-UNEXPECTED" in text:
            raise RuntimeError("injected unexpected failure")
        if "CRASH-EXIT" in text:
            os._exit(70)
        fakes = _FAKE.findall(text)
        if fakes:
            from scopelint.rules import get_rule

            findings = [
                Finding(path, int(line), int(col), code, getattr(get_rule(code), "name", "fake"), msg.strip())
                for code, line, col, msg in fakes
            ]
            return LintResult(path, findings=sorted(findings, key=lambda f: (f.line, f.column, f.code)))
        return _real(source, path, names=names, prefilter=prefilter, **options)

    _linter.lint_source = lint_source
