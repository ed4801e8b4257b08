"""Parse the semantics notes (tests/data/tf1-semantics.md): each rule's
program and what real TensorFlow was observed to do with it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

NOTES = Path(__file__).parent / "data" / "tf1-semantics.md"

_ITEM = re.compile(r"`([^`]+)` \((?P<api>[^,)]*?)(?: via `[^`]*`)?, line (?P<lines>[\d→]+)(?P<rest>[^)]*)\)")


@dataclass
class Observed:
    number: int
    title: str
    program: str
    flags: str
    created: list = field(default_factory=list)  # (name, [lines], rest)
    reused: list = field(default_factory=list)
    error: tuple = None  # (type, [lines], message)


def _items(text: str) -> list:
    out = []
    for m in _ITEM.finditer(text):
        out.append((m.group(1), [int(x) for x in m.group("lines").split("→")], m.group("rest")))
    return out


def _reused(text: str) -> list:
    out = []
    for m in re.finditer(r"`([^`]+)` \(line (?P<lines>[\d→]+)(?P<rest>[^)]*)\)", text):
        out.append((m.group(1), [int(x) for x in m.group("lines").split("→")], m.group("rest")))
    return out


def load() -> list:
    text = NOTES.read_text(encoding="utf-8")
    sections = re.split(r"^### (\d+)\. (.*)$", text, flags=re.M)
    out = []
    for i in range(1, len(sections), 3):
        number, title, body = int(sections[i]), sections[i + 1], sections[i + 2]
        prog = re.search(r"```python\n(.*?)```", body, re.S)
        obs = re.search(r"Observed(?P<flags>[^:\n]*):\n(?P<body>(?:- .*\n?)+)", body)
        if not prog or not obs:
            continue
        o = Observed(number, title, prog.group(1), obs.group("flags"))
        for line in obs.group("body").splitlines():
            if line.startswith("- created:"):
                o.created = _items(line)
            elif line.startswith("- reused:"):
                o.reused = _reused(line)
            elif line.startswith("- error:") and "none" not in line[:16]:
                m = re.match(r"- error: `(\w+)` at line (?P<lines>[\d→]+)[^:]*: `+ ?(?P<msg>.*?) ?`+", line)
                if m:
                    o.error = (m.group(1), [int(x) for x in m.group("lines").split("→")], m.group("msg"))
        out.append(o)
    return out


# ---------------------------------------------------------------- in the oracle's wording


@dataclass(frozen=True)
class OracleRule:
    """A rule of the notes as `OracleResult.observed()` words what TF did:

    * created: ``name (get_variable|tf.Variable[ via f], line A→B[, ...])``
    * reused: ``name (line A→B[, ...])``
    * error: ``Type at line A→B[ (run r)]: message``
    * printed: the program's stdout, where the notes show it.
    """

    number: int
    title: str
    source: str
    contrib: bool = False
    repeat: int = 1
    created: tuple = ()
    reused: tuple = ()
    error: "str | None" = None
    printed: "str | None" = None


_SPAN = re.compile(r"`([^`]+)` (\([^)]*\))")


def _spans(line: str) -> tuple:
    """`ns/v:0` (tf.Variable, line 3), ... -> ('ns/v:0 (tf.Variable, line 3)', ...)."""
    return tuple(f"{name} {where.replace('`', '')}" for name, where in _SPAN.findall(line))


def oracle_rules() -> list:
    """Every numbered rule with an Observed block, in the oracle's wording."""
    text = NOTES.read_text(encoding="utf-8")
    sections = re.split(r"^### (\d+)\. (.*)$", text, flags=re.M)
    out = []
    for i in range(1, len(sections), 3):
        number, title, body = int(sections[i]), sections[i + 1], sections[i + 2]
        prog = re.search(r"```python\n(.*?)```", body, re.S)
        obs = re.search(r"^Observed(?P<flags>[^:\n]*):\n(?P<body>(?:- .*\n?)+)", body, re.M)
        if not prog or not obs:
            continue
        flags = obs.group("flags")
        repeat = re.search(r"--repeat (\d+)", flags)
        fields: dict = {}
        for line in obs.group("body").splitlines():
            if line.startswith("- created:"):
                fields["created"] = _spans(line)
            elif line.startswith("- reused:"):
                fields["reused"] = _spans(line)
            elif line.startswith("- error:") and not line.startswith("- error: none"):
                # The message is quoted with as many backticks as it needs; a note may follow.
                m = re.match(r"- error: `(\w+)` at line ([\d→]+)( \(run \d+\))?: (`+) ?(.*?) ?\4(?:\s|$)", line)
                if m is None:
                    raise ValueError(f"rule {number}: cannot read {line!r}")
                fields["error"] = f"{m.group(1)} at line {m.group(2)}{m.group(3) or ''}: {m.group(5)}"
        printed = re.search(r"^Printed:\n```\n(.*?)```", body[obs.end() :], re.S | re.M)
        if printed:
            fields["printed"] = printed.group(1)
        out.append(
            OracleRule(
                number,
                title,
                prog.group(1),
                contrib="--contrib" in flags,
                repeat=int(repeat.group(1)) if repeat else 1,
                **fields,
            )
        )
    return out
