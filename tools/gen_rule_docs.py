"""Write docs/rules/<CODE>.md from each rule module (run after editing a rule)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scopelint.rules import ALL_RULES  # noqa: E402


def render_all() -> dict:
    out = {}
    for rule in ALL_RULES:
        out[ROOT / "docs" / "rules" / f"{rule.code}.md"] = rule.doc()
    lines = ["# Rules", "", "| code | name | default | summary |", "| --- | --- | --- | --- |"]
    for rule in ALL_RULES:
        lines.append(f"| [{rule.code}]({rule.code}.md) | `{rule.name}` | {'off' if rule.opt_in else 'on'} | {rule.summary} |")
    out[ROOT / "docs" / "rules" / "README.md"] = "\n".join(lines) + "\n"
    return out


def main() -> int:
    for path, text in render_all().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(ALL_RULES)} rule docs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
