"""`# noqa` suppression and the one place findings are filtered.

Inline comments use flake8's grammar and matching (physical line, codes
matched by prefix, case-sensitive). A file-level `# scopelint: noqa` on a
line of its own, anywhere in the file, suppresses the whole file like
`# flake8: noqa`; `# scopelint: noqa: SCO101,SCO2` suppresses only those
codes in that file (ruff's `# ruff: noqa: CODE` semantics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

from scopelint.results import Finding

# flake8.defaults.NOQA_INLINE_REGEXP, copied so the CLI need not import flake8.
NOQA_INLINE = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
NOQA_FILE = re.compile(
    r"\s*#\s*scopelint[:=]\s*noqa(?::\s?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"[,\s]")
# Python's line ends only: str.splitlines() also splits at \f, \x1c, U+2028...
_LINES = re.compile(r"\r\n|\r|\n")

UNUSED_NOQA_CODE = "SCO902"
UNUSED_NOQA_NAME = "unused-noqa"


def _codes(text: Optional[str]) -> Optional[Tuple[str, ...]]:
    if text is None:
        return None
    return tuple(c for c in _SPLIT.split(text) if c)


@dataclass(frozen=True)
class InlineNoqa:
    line: int
    column: int  # 1-based column of the `#`
    codes: Optional[Tuple[str, ...]]  # None: blanket `# noqa`

    def covers(self, code: str) -> bool:
        return self.codes is None or code.startswith(self.codes)


@dataclass(frozen=True)
class Directives:
    inline: Dict[int, InlineNoqa]
    file_all: bool = False
    file_codes: Tuple[str, ...] = ()

    def file_covers(self, code: str) -> bool:
        return self.file_all or code.startswith(self.file_codes)


def parse(text: str) -> Directives:
    inline: Dict[int, InlineNoqa] = {}
    file_all = False
    file_codes: List[str] = []
    if "noqa" not in text.lower():
        return Directives(inline)
    for number, line in enumerate(_LINES.split(text), start=1):
        if "noqa" not in line.lower():
            continue
        m = NOQA_FILE.match(line)
        if m:
            codes = _codes(m.group("codes"))
            if codes is None:
                file_all = True
            else:
                file_codes.extend(codes)
            continue
        m = NOQA_INLINE.search(line)
        if m:
            inline[number] = InlineNoqa(number, m.start() + 1, _codes(m.group("codes")))
    return Directives(inline, file_all, tuple(file_codes))


def file_suppressed(text: str) -> Tuple[bool, Tuple[str, ...]]:
    """(whole file suppressed, codes suppressed file-wide) — for the flake8
    plugin, where flake8 handles inline `# noqa` itself."""
    d = parse(text)
    return d.file_all, d.file_codes


def _unused_message(unused: List[str], unknown: List[str], disabled: List[str]) -> str:
    def codes(label: str, found: List[str]) -> str:
        return label.replace("code", "codes" if len(found) > 1 else "code") + ", ".join(found)

    parts = []
    if unused:
        parts.append(codes("unused `noqa` code: ", unused) + " (no such finding on this line)")
    if disabled:
        parts.append(codes("`noqa` code not enabled: ", disabled))
    if unknown:
        parts.append(codes("unknown `noqa` code: ", unknown))
    return "; ".join(parts)


def filter_findings(
    findings: Iterable[Finding],
    text: Optional[str],
    enabled: frozenset,
    all_codes: Iterable[str],
    path: str,
) -> List[Finding]:
    """Keep the findings whose code is `enabled` and not suppressed by a
    `# noqa` in `text` (None: the source could not be decoded). Adds SCO902
    findings for unused `# noqa: SCO...` codes when SCO902 is enabled."""
    kept = [f for f in findings if f.code in enabled]
    report_unused = UNUSED_NOQA_CODE in enabled
    if text is None or not (kept or report_unused):
        return kept
    directives = parse(text)
    if not (directives.inline or directives.file_all or directives.file_codes):
        return kept
    used: Dict[int, set] = {}
    out: List[Finding] = []
    for f in kept:
        if directives.file_covers(f.code):
            continue
        d = directives.inline.get(f.line)
        if d is not None and d.covers(f.code):
            used.setdefault(f.line, set()).update(c for c in (d.codes or ()) if f.code.startswith(c))
            continue
        out.append(f)
    if report_unused and not directives.file_all:
        all_codes = tuple(all_codes)
        for line, d in sorted(directives.inline.items()):
            # A bare `# noqa` may be meant for other tools; `# noqa: SCO902`
            # silences this rule on its line.
            if d.codes is None or d.covers(UNUSED_NOQA_CODE):
                continue
            unused, unknown, disabled = [], [], []
            for code in d.codes:
                if not code.upper().startswith("SCO") or code in used.get(line, ()):
                    continue
                matching = [c for c in all_codes if c.startswith(code)]
                if not matching:
                    unknown.append(code)
                elif not any(c in enabled for c in matching):
                    disabled.append(code)
                else:
                    unused.append(code)
            if unused or unknown or disabled:
                out.append(
                    Finding(
                        path,
                        line,
                        d.column,
                        UNUSED_NOQA_CODE,
                        UNUSED_NOQA_NAME,
                        _unused_message(unused, unknown, disabled),
                    )
                )
        if directives.file_codes:
            out = [f for f in out if not directives.file_covers(f.code)]
    out.sort(key=lambda f: (f.line, f.column, f.code))
    return out
