"""Test-only fault and finding injection for the real `scopelint`/flake8
programs (put this directory on PYTHONPATH and set SCOPELINT_TEST_HOOK=1).

It wraps `scopelint.linter.lint_source` before the front ends import it:
- a source containing `CRASH-INTERNAL` raises InternalError (phase "analysis");
- a source containing `CRASH-UNEXPECTED` raises RuntimeError;
- a source containing `CRASH-EXIT` kills the process (a crash in native code);
- `# FAKE-SLEEP 0.05` makes it take that long (for long runs: progress);
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
        sleep = re.search(r"#\s*FAKE-SLEEP ([0-9.]+)", text)
        if sleep:
            import time

            time.sleep(float(sleep.group(1)))
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
