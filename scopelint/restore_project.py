"""The restore check across the programs of one run, and against a real
checkpoint (`--checkpoint`): rule SCO112 findings from CheckpointRecords.

Each linted file is analysed as a program; its result lists its saves and
the restores no earlier save of the same program wrote the checkpoint of
(the rule checks those within the program). Here a restore is linked to
every save of the run whose checkpoint it reads: the same prefix, or the
save's directory for `latest_checkpoint` / `get_checkpoint_state`. Relative
paths are taken from the project root (the nearest directory with a
pyproject.toml, setup.py, setup.cfg or .git; else the file's directory), as
scripts run from there. A restore is checked when every such save's keys
are known, against the keys any of them writes; a save whose path is
unknown could write anywhere, and then no restore is linked.
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, Optional, Sequence

from scopelint.checkpoint_reader import Checkpoint
from scopelint.project import project_root
from scopelint.restore_compare import Held, Needed, compare, describe
from scopelint.results import CheckpointRecord, Finding, Related

CODE, NAME = "SCO112", "restore-key-missing"


def _root(path: str) -> str:
    directory = os.path.dirname(os.path.abspath(path))
    return project_root(directory) or directory


def resolve(record: CheckpointRecord, target: str) -> str:
    """A path a program names, as an absolute path from its project root."""
    if os.path.isabs(target):
        return os.path.normpath(target)
    return os.path.normpath(os.path.join(_root(record.path), target))


def _needed(record: CheckpointRecord) -> Optional[Needed]:
    if record.keys is None:
        return None
    return {k: (v, shape, slot) for k, v, shape, slot, _dtype in record.keys}


def _dtypes(record: CheckpointRecord) -> Dict[str, Optional[str]]:
    return {k: dtype for k, _v, _shape, _slot, dtype in record.keys or ()}


def _finding(record: CheckpointRecord, message: str) -> Finding:
    related = (Related(record.saver_line, 0, "Saver built here"),) if record.saver_line else ()
    return Finding(record.path, record.line, record.column, CODE, NAME, message, related)


def _saver_place(record: CheckpointRecord) -> Optional[str]:
    return f"line {record.saver_line}" if record.saver_line else None


def _writes(save: CheckpointRecord, restore: CheckpointRecord, target: str) -> Optional[bool]:
    """Does `save` write the checkpoint `restore` reads? None: cannot tell."""
    kinds = ("prefix", "latest") if restore.target_kind == "either" else (restore.target_kind,)
    hit: Optional[bool] = False
    if "latest" in kinds and save.directory and resolve(save, save.directory) == target:
        return True
    if "prefix" in kinds:
        written = resolve(save, save.target)
        if "?" not in save.target:
            return written == target
        pattern = re.compile(".*".join(re.escape(p) for p in written.split("?")), re.S)
        hit = None if pattern.fullmatch(target) else False
    return hit


def link_programs(records: Sequence[CheckpointRecord]) -> List[Finding]:
    """SCO112 findings for restores another program of the run wrote the checkpoint of."""
    saves = [r for r in records if r.action == "save"]
    if not saves or any(s.blind for s in saves):
        return []
    out = []
    for restore in records:
        if restore.action == "save":
            continue
        needed = _needed(restore)
        if needed is None:
            continue
        target = resolve(restore, restore.target)
        writers = []
        for save in saves:
            writes = _writes(save, restore, target)
            if writes is None:
                break
            if writes:
                writers.append(save)
        else:
            held = _union(writers)
            if not writers or held is None:
                continue
            held_dtypes: Dict[str, Optional[str]] = {}
            for save in writers:
                for key, dtype in _dtypes(save).items():
                    held_dtypes[key] = dtype if held_dtypes.get(key, dtype) == dtype else None
            problem = compare(needed, held, _dtypes(restore), held_dtypes)
            if problem is None:
                continue
            places = ", ".join(sorted({f"{s.path}:{s.line}" for s in writers}))
            message = describe(problem, restore.action, _saver_place(restore), f"written by {places}")
            out.append(_finding(restore, message))
    return out


def _union(writers: Sequence[CheckpointRecord]) -> Optional[Held]:
    """The keys any of the writers saves (a shape only when they agree)."""
    held: Dict[str, Optional[tuple]] = {}
    for save in writers:
        if save.keys is None:
            return None
        for key, _variable, shape, _slot, _dtype in save.keys:
            if key in held and held[key] != shape:
                held[key] = None
            else:
                held.setdefault(key, shape)
    return held


def check_against(records: Sequence[CheckpointRecord], ckpt: Checkpoint, shown: str) -> List[Finding]:
    """SCO112 findings for every restore of the run (not linked within its
    program) against the keys of a real checkpoint."""
    held: Held = {e.name: tuple(e.shape) for e in ckpt.entries}
    held_dtypes: Dict[str, Optional[str]] = {e.name: e.dtype for e in ckpt.entries}
    out = []
    for restore in records:
        needed = _needed(restore) if restore.action != "save" else None
        if needed is None:
            continue
        problem = compare(needed, held, _dtypes(restore), held_dtypes)
        if problem is not None:
            message = describe(problem, restore.action, _saver_place(restore), f"{shown} (--checkpoint)")
            out.append(_finding(restore, message))
    return out
