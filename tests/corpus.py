"""The program corpus: examples/ and tests/programs/{correct,buggy}/, with the
expectations written in each file's header comments."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Program:
    path: Path
    source: str
    expect: list  # [(code, line)]
    contrib: bool

    @property
    def id(self) -> str:
        return str(self.path.relative_to(ROOT))


def _parse(path: Path) -> Program:
    source = path.read_text(encoding="utf-8")
    expect = []
    for m in re.finditer(r"^# expect: (SCO\d{3})@(\d+)", source, re.M):
        expect.append((m.group(1), int(m.group(2))))
    contrib = bool(re.search(r"^# oracle: contrib", source, re.M)) or "tensorflow.contrib" in source or "tf.contrib" in source
    return Program(path, source, expect, contrib)


def programs(kind: str) -> list:
    folder = {"examples": ROOT / "examples", "correct": ROOT / "tests" / "programs" / "correct", "buggy": ROOT / "tests" / "programs" / "buggy"}[kind]
    return [_parse(p) for p in sorted(folder.glob("*.py"))]
