"""`scopelint --names --checkpoint PATH`: the names the code creates beside
the keys a checkpoint holds.

The code's side is the `--names` records of every file linted (one graph's
worth of names, as a project's model module and scripts build it), without
the `:0` output suffix. A name with unknown parts (`?`) is a pattern: `?`
stands for any text, `/` included, so it is never claimed missing; the keys
it could be are shown as `maybe`. Each code name gets one status:

- `both`: the checkpoint holds this key;
- `not-in-checkpoint`: it does not (restoring this variable would fail);
- `maybe`: a name with unknown parts that matches some keys;
- `unknown`: a name with unknown parts that matches no key;

and each key no code name can be gets `not-in-code` (a restore ignores it).

The comparison does not change the exit status (as `--names`); without
`--names`, the checkpoint is what the restore rule SCO112 checks every
restore against (scopelint.restore_project).
"""

from __future__ import annotations

import glob
import json
import os
import re
import sys
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from scopelint.checkpoint_reader import Checkpoint, CheckpointError, TensorEntry, read_checkpoint
from scopelint.config import ConfigError
from scopelint.results import NameRecord

BOTH, NOT_IN_CHECKPOINT, NOT_IN_CODE, MAYBE, UNKNOWN = "both", "not-in-checkpoint", "not-in-code", "maybe", "unknown"
STATUSES = (BOTH, NOT_IN_CHECKPOINT, MAYBE, UNKNOWN, NOT_IN_CODE)
CONFIG_KEY = "checkpoint"
# Keys shown per `maybe` row in text (json lists them all): a name such as
# `?/w` can match a whole model.
MAX_SHOWN_MATCHES = 5


@dataclass(frozen=True)
class Row:
    status: str
    name: Optional[str]  # the code's name; None for a key not in the code
    keys: Tuple[TensorEntry, ...]  # the key itself, or the keys a pattern matches
    where: Tuple[NameRecord, ...]  # the calls that create or reuse the name


def variable_name(shown: str) -> str:
    """A `--names` name without the output suffix (`scope/w:0` -> `scope/w`)."""
    return re.sub(r":\d+$", "", shown)


def name_pattern(name: str) -> Optional["re.Pattern[str]"]:
    """None for a known name, else a pattern where each `?` is any text."""
    if "?" not in name:
        return None
    return re.compile(".*".join(re.escape(part) for part in name.split("?")), re.S)


_PART = re.compile(r"(.+)/part_\d+")


def _saved_as(name: str, keys: Mapping[str, Any]) -> str:
    """A partitioned variable's part (`emb/part_1`) is saved under the
    logical name (`emb`), as TF's Saver writes it."""
    match = _PART.fullmatch(name)
    if match is not None and name not in keys and match.group(1) in keys:
        return match.group(1)
    return name


def compare(records: Sequence[NameRecord], ckpt: Checkpoint) -> List[Row]:
    keys = ckpt.by_name()
    by_name: Dict[str, List[NameRecord]] = {}
    for record in records:
        by_name.setdefault(_saved_as(variable_name(record.name), keys), []).append(record)
    claimed = set()
    rows = []
    for name, where in by_name.items():
        pattern = name_pattern(name)
        if pattern is None:
            if name in keys:
                claimed.add(name)
                rows.append(Row(BOTH, name, (keys[name],), tuple(where)))
            else:
                rows.append(Row(NOT_IN_CHECKPOINT, name, (), tuple(where)))
            continue
        matches = tuple(e for e in ckpt.entries if pattern.fullmatch(e.name))
        claimed.update(e.name for e in matches)
        rows.append(Row(MAYBE if matches else UNKNOWN, name, matches, tuple(where)))
    rows.extend(Row(NOT_IN_CODE, None, (e,), ()) for e in ckpt.entries if e.name not in claimed)
    rows.sort(key=lambda r: (r.name if r.name is not None else r.keys[0].name, STATUSES.index(r.status)))
    return rows


@dataclass(frozen=True)
class PrefixHint:
    """Names not in the checkpoint that are there with a scope prefix added
    (`kind` "added": the writer had an extra scope) or removed ("removed":
    the code has one the writer did not)."""

    kind: str
    prefix: str
    names: Tuple[str, ...]


def prefix_hints(rows: Sequence[Row], ckpt: Checkpoint) -> List[PrefixHint]:
    keys = set(ckpt.names())
    prefixes_of: Dict[str, List[str]] = {}  # a key's tail after a `/` -> the heads before it
    for key in keys:
        for head, tail in _splits(key):
            prefixes_of.setdefault(tail, []).append(head)
    found: Dict[Tuple[str, str], List[str]] = {}
    for row in rows:
        if row.status != NOT_IN_CHECKPOINT or row.name is None:
            continue
        for head in prefixes_of.get(row.name, ()):
            found.setdefault(("added", head), []).append(row.name)
        for head, tail in _splits(row.name):
            if tail in keys:
                found.setdefault(("removed", head), []).append(row.name)
    # Widest first: one prefix explaining many names is the likely cause.
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    hints: List[PrefixHint] = []
    explained: set = set()
    for (kind, prefix), names in ranked:
        if set(names) <= explained:
            continue
        explained.update(names)
        hints.append(PrefixHint(kind, prefix, tuple(sorted(names))))
    return hints


def _splits(name: str):
    """(`a/`, `b/c`) and (`a/b/`, `c`) for `a/b/c`."""
    pos = name.find("/")
    while pos != -1:
        yield name[: pos + 1], name[pos + 1 :]
        pos = name.find("/", pos + 1)


def _hint_text(hint: PrefixHint, missing: int) -> str:
    where = ("under the prefix" if hint.kind == "added" else "without the prefix") + f" '{hint.prefix}'"
    cause = (
        "the checkpoint was written inside a scope the code does not open"
        if hint.kind == "added"
        else "the code opens a scope the writer did not"
    )
    return f"hint: {len(hint.names)} of {_plural(missing, 'name')} not in the checkpoint are in it {where}: {cause}?"


def summary(rows: Sequence[Row]) -> Dict[str, int]:
    return {status: sum(1 for r in rows if r.status == status) for status in STATUSES}


# --- rendering ----------------------------------------------------------------


def _shape(entry: TensorEntry) -> str:
    return "[" + ", ".join(str(d) for d in entry.shape) + "]"


def _where(row: Row) -> str:
    if not row.where:
        return ""
    first = row.where[0]
    more = f" (+{len(row.where) - 1})" if len(row.where) > 1 else ""
    return f"{first.path}:{first.line}:{first.column}{more}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def describe(ckpt: Checkpoint) -> str:
    v1 = "V1 format, " if ckpt.format == "V1" else ""
    return f"{ckpt.prefix} ({v1}{_plural(len(ckpt.entries), 'key')}, {_plural(ckpt.num_shards, 'shard')})"


def format_text(rows: Sequence[Row], ckpt: Checkpoint, *, concise: bool = False) -> str:
    table: List[Tuple[str, ...]] = []
    for row in rows:
        name = row.name if row.name is not None else "-"
        shown = row.keys[:MAX_SHOWN_MATCHES] if row.status == MAYBE else row.keys
        if not shown:
            table.append((name, "-", "", "", row.status, _where(row)))
        for i, entry in enumerate(shown):
            first = i == 0
            table.append(
                (
                    name if first else "",
                    entry.name,
                    entry.dtype,
                    _shape(entry),
                    row.status,
                    _where(row) if first else "",
                )
            )
        if len(row.keys) > len(shown):
            table.append(("", f"(+{len(row.keys) - len(shown)} more)", "", "", "", ""))
    heading = ("code", "checkpoint", "dtype", "shape", "status", "where")
    widths = [max(len(r[i]) for r in table + [heading]) for i in range(len(heading) - 1)]

    def line(cells: Tuple[str, ...]) -> str:
        return ("  ".join(c.ljust(w) for c, w in zip(cells, widths)) + "  " + cells[-1]).rstrip()

    lines = [line(r) for r in table]
    if concise:
        return "".join(s + "\n" for s in lines)
    counts = summary(rows)
    code_names = sum(counts[s] for s in (BOTH, NOT_IN_CHECKPOINT, MAYBE, UNKNOWN))
    tail = (
        f"{_plural(code_names, 'name')} in the code, {_plural(len(ckpt.entries), 'key')} in the checkpoint: "
        f"{counts[BOTH]} in both, {counts[NOT_IN_CHECKPOINT]} not in the checkpoint, "
        f"{counts[MAYBE]} maybe, {counts[UNKNOWN]} unknown; "
        f"{_plural(counts[NOT_IN_CODE], 'key')} not in the code."
    )
    hints = [_hint_text(h, counts[NOT_IN_CHECKPOINT]) for h in prefix_hints(rows, ckpt)]
    return "".join(s + "\n" for s in [f"checkpoint: {describe(ckpt)}", line(heading)] + lines + [tail] + hints)


def _entry_dict(entry: TensorEntry) -> dict:
    return {"key": entry.name, "dtype": entry.dtype, "shape": list(entry.shape)}


def as_dict(rows: Sequence[Row], ckpt: Checkpoint) -> dict:
    return {
        "checkpoint": {
            "prefix": ckpt.prefix,
            "format": ckpt.format,
            "keys": len(ckpt.entries),
            "shards": ckpt.num_shards,
            "missing_data_files": list(ckpt.missing_data_files),
        },
        "rows": [
            {
                "status": row.status,
                "name": row.name,
                "keys": [_entry_dict(e) for e in row.keys],
                "where": [r.as_dict() for r in row.where],
            }
            for row in rows
        ],
        "summary": summary(rows),
        "hints": [{"kind": h.kind, "prefix": h.prefix, "names": list(h.names)} for h in prefix_hints(rows, ckpt)],
    }


def format_comparison(records: Sequence[NameRecord], ckpt: Checkpoint, fmt: str) -> str:
    rows = compare(records, ckpt)
    if fmt == "json":
        return json.dumps(as_dict(rows, ckpt), indent=2, ensure_ascii=False) + "\n"
    return format_text(rows, ckpt, concise=fmt == "concise")


# --- the command line -----------------------------------------------------------


def load(path: str) -> Checkpoint:
    """The checkpoint to compare with, or ConfigError (exit 2) with one line."""
    try:
        ckpt = read_checkpoint(path)
    except CheckpointError as exc:
        raise ConfigError(f"cannot read checkpoint: {exc}") from None
    if ckpt.object_based:
        raise ConfigError(
            f"checkpoint {path}: object-based (TF2) checkpoint: not supported "
            "(its keys are object paths such as 'model/kernel/.ATTRIBUTES/VARIABLE_VALUE', not variable names)"
        )
    return ckpt


def checkpoint_for_cli(args, file_config) -> Optional[Checkpoint]:
    """The checkpoint `--checkpoint` or the `checkpoint` key names, or None.
    One given on the command line must be readable (else ConfigError, exit
    2); without `--names`, one the configuration names is no checkpoint when
    it does not exist yet (before training), and a warning when it cannot be read.
    Warnings go to standard error."""
    configured = file_config.get(CONFIG_KEY)
    if args.checkpoint:
        path = args.checkpoint
    elif configured:
        path = os.path.join(file_config.root or "", configured)  # relative to the configuration file
    else:
        return None
    if not args.checkpoint and not args.names and not glob.glob(glob.escape(path) + "*"):
        return None  # not trained yet: restores are checked across the programs instead
    try:
        ckpt = load(path)
    except ConfigError as exc:
        if args.checkpoint or args.names:
            raise
        if not args.quiet:
            print(f"scopelint: warning: {exc}; restores are not checked against it", file=sys.stderr)
        return None
    if not args.quiet:
        for missing in ckpt.missing_data_files:
            print(
                f"scopelint: warning: checkpoint data file {missing} is missing: "
                "the keys are listed, but TensorFlow could not restore them",
                file=sys.stderr,
            )
    return ckpt
